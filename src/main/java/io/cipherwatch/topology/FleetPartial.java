package io.cipherwatch.topology;

import io.cipherwatch.avro.RiskLevel;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What one input partition tells the fleet roll-up about one direction: either one trunk's counts for a closed
 * window, or a watermark ("this partition has emitted every window ending at or before {@code windowEnd}").
 * Travels on the internal {@code fleet-partials} repartition topic, keyed by direction.
 */
record FleetPartial(boolean watermark, int sourcePartition, long windowStart, long windowEnd, RiskLevel risk,
    byte[] counts) {
  private static final byte VERSION = 1;
  private static final RiskLevel[] RISKS = RiskLevel.values();

  static FleetPartial row(int partition, long windowStart, long windowEnd, UsageCounts counts) {
    return new FleetPartial(false, partition, windowStart, windowEnd, counts.riskLevel(), counts.encode());
  }

  static FleetPartial watermark(int partition, long closedEnd) {
    return new FleetPartial(true, partition, 0, closedEnd, RiskLevel.CLEAN, new byte[0]);
  }

  byte[] encode() {
    ByteBuffer buf = ByteBuffer.allocate(1 + 1 + 4 + 8 + 8 + 1 + counts.length);
    buf.put(VERSION).put((byte) (watermark ? 1 : 0)).putInt(sourcePartition).putLong(windowStart)
        .putLong(windowEnd).put((byte) risk.ordinal()).put(counts);
    return buf.array();
  }

  static FleetPartial decode(byte[] bytes) {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    byte v = buf.get();
    if (v != VERSION) {
      throw new IllegalStateException("Unknown fleet-partials format version " + v
          + ": written by a newer cipherwatch; upgrade every instance");
    }
    boolean wm = buf.get() == 1;
    int partition = buf.getInt();
    long start = buf.getLong();
    long end = buf.getLong();
    RiskLevel risk = RISKS[buf.get()];
    byte[] counts = Arrays.copyOfRange(bytes, buf.position(), bytes.length);
    return new FleetPartial(wm, partition, start, end, risk, counts);
  }

  /** The serde of the internal topic. */
  static Serde<FleetPartial> serde() {
    Serializer<FleetPartial> ser = (topic, p) -> p == null ? null : p.encode();
    Deserializer<FleetPartial> de = (topic, b) -> b == null ? null : decode(b);
    return Serdes.serdeFrom(ser, de);
  }
}
