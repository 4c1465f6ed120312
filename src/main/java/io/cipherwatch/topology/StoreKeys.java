package io.cipherwatch.topology;

import io.cipherwatch.alerting.AlertType;
import io.cipherwatch.avro.Direction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * The key layout of every state store, built and parsed here and nowhere else. The layouts are persisted (in
 * changelogs and local stores), so they never change without a migration.
 */
public final class StoreKeys {
  private StoreKeys() {}

  /** {@link StoreNames#USAGE_PROGRESS}: the one key of a task's progress record. */
  static final Bytes USAGE_PROGRESS = Bytes.wrap(new byte[] {'c'});

  /** {@link StoreNames#TRUNK_STATE}: the direction ordinal as one byte, then the trunkId in UTF-8. */
  static byte[] trunkState(String trunkId, byte direction) {
    byte[] trunk = trunkId.getBytes(StandardCharsets.UTF_8);
    byte[] key = new byte[1 + trunk.length];
    key[0] = direction;
    System.arraycopy(trunk, 0, key, 1, trunk.length);
    return key;
  }

  /** The trunkId of a {@link #trunkState} key. */
  static String trunkIdOfState(byte[] key) {
    return new String(key, 1, key.length - 1, StandardCharsets.UTF_8);
  }

  /** The direction ordinal of a {@link #trunkState} key. */
  static byte directionOfState(byte[] key) {
    return key[0];
  }

  /** {@link StoreNames#USAGE_LATEST}: "trunkId|DIRECTION". */
  public static String usageLatest(String trunkId, Direction direction) {
    return trunkId + "|" + direction.name();
  }

  /** {@link StoreNames#ALERTS_LATEST}: "trunkId|DIRECTION|TYPE". */
  public static String alertsLatest(String trunkId, Direction direction, AlertType type) {
    return trunkId + "|" + direction.name() + "|" + type.name();
  }

  /** {@link StoreNames#FLEET_LATEST}: the direction's name. */
  static String fleetLatest(Direction direction) {
    return direction.name();
  }

  /** {@link StoreNames#FLEET_WINDOWS}: the direction ordinal as one byte, then the window start (8 bytes). */
  static Bytes fleetWindow(Direction direction, long windowStart) {
    return Bytes.wrap(ByteBuffer.allocate(9).put((byte) direction.ordinal()).putLong(windowStart).array());
  }

  /** The window start of a {@link #fleetWindow} key. */
  static long windowStartOfFleetWindow(Bytes key) {
    return ByteBuffer.wrap(key.get(), 1, 8).getLong();
  }

  /** {@link StoreNames#FLEET_WATERMARKS}: the direction ordinal as one byte, then the source partition (4 bytes). */
  static Bytes fleetWatermark(Direction direction, int sourcePartition) {
    return Bytes.wrap(ByteBuffer.allocate(5).put((byte) direction.ordinal()).putInt(sourcePartition).array());
  }
}
