package io.cipherwatch.topology;

import io.cipherwatch.avro.RiskLevel;
import io.cipherwatch.codec.Varint;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What one input partition tells the fleet roll-up about one direction: either the summed counts of its trunks
 * for a closed window, with how many of those trunks were at each {@link RiskLevel}, or a watermark ("this
 * partition has emitted every window ending at or before {@code windowEnd}"). Travels on the internal
 * {@code fleet-partials} repartition topic, keyed by direction.
 *
 * <p>Format version 2 carries the risk counts ({@code trunksByRisk}, indexed by risk ordinal); version 1 (one
 * trunk per record, its risk) is still read, so records written before an upgrade are rolled up too.
 */
record FleetPartial(boolean watermark, int sourcePartition, long windowStart, long windowEnd, long[] trunksByRisk,
    byte[] counts) {
  private static final byte VERSION_ONE_TRUNK = 1;
  private static final byte VERSION = 2;
  private static final int RISKS = RiskLevel.values().length;

  static FleetPartial rows(int partition, long windowStart, long windowEnd, long[] trunksByRisk, UsageCounts sum) {
    return new FleetPartial(false, partition, windowStart, windowEnd, trunksByRisk.clone(), sum.encode());
  }

  static FleetPartial watermark(int partition, long closedEnd) {
    return new FleetPartial(true, partition, 0, closedEnd, new long[RISKS], new byte[0]);
  }

  byte[] encode() {
    ByteBuffer buf = ByteBuffer.allocate(1 + 1 + 4 + 8 + 8 + 10 * RISKS + counts.length);
    buf.put(VERSION).put((byte) (watermark ? 1 : 0)).putInt(sourcePartition).putLong(windowStart)
        .putLong(windowEnd);
    for (long n : trunksByRisk) {
      Varint.putLong(buf, n);
    }
    buf.put(counts);
    return Arrays.copyOf(buf.array(), buf.position());
  }

  static FleetPartial decode(byte[] bytes) {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    byte v = buf.get();
    if (v != VERSION && v != VERSION_ONE_TRUNK) {
      throw new IllegalStateException("Unknown fleet-partials format version " + v
          + ": written by a newer cipherwatch; upgrade every instance");
    }
    boolean wm = buf.get() == 1;
    int partition = buf.getInt();
    long start = buf.getLong();
    long end = buf.getLong();
    long[] risks = new long[RISKS];
    if (v == VERSION_ONE_TRUNK) {
      int risk = buf.get();
      if (!wm) {
        risks[risk] = 1;
      }
    } else {
      for (int i = 0; i < RISKS; i++) {
        risks[i] = Varint.getLong(buf);
      }
    }
    byte[] counts = Arrays.copyOfRange(bytes, buf.position(), bytes.length);
    return new FleetPartial(wm, partition, start, end, risks, counts);
  }

  /** The serde of the internal topic. */
  static Serde<FleetPartial> serde() {
    Serializer<FleetPartial> ser = (topic, p) -> p == null ? null : p.encode();
    Deserializer<FleetPartial> de = (topic, b) -> b == null ? null : decode(b);
    return Serdes.serdeFrom(ser, de);
  }
}
