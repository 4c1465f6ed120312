package io.cipherwatch.topology;

import io.cipherwatch.policy.PolicyHolder;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.FleetUsage;
import io.cipherwatch.avro.RiskLevel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Rolls the per-partition window sums up to one {@link FleetUsage} per (direction, window). Input is keyed by
 * direction, so each direction is handled by one task. A window is emitted once every input partition has
 * reported (by watermark) that it closed the window, so the figure is complete whatever the partitions' pace.
 */
final class FleetRollupProcessor implements Processor<String, FleetPartial, String, FleetUsage> {
  /** Number of risk levels: one trunk count per level in every accumulator. */
  private static final int RISKS = RiskLevel.values().length;
  /** An accumulator's fixed part: the window end, then a trunk count per risk level (8 bytes each). */
  private static final int FIXED_BYTES = Long.BYTES + RISKS * Long.BYTES;
  private final int partitions;
  private final UsageCounts counts = new UsageCounts();
  private final UsageCounts rowCounts = new UsageCounts();
  private ProcessorContext<String, FleetUsage> context;
  private KeyValueStore<Bytes, byte[]> windows;
  private KeyValueStore<Bytes, byte[]> watermarks;
  private KeyValueStore<String, FleetUsage> latest;
  private final PolicyHolder policy;

  FleetRollupProcessor(int partitions, PolicyHolder policy) {
    this.partitions = partitions;
    this.policy = policy;
  }

  @Override
  public void init(ProcessorContext<String, FleetUsage> context) {
    this.context = context;
    windows = context.getStateStore(StoreNames.FLEET_WINDOWS);
    watermarks = context.getStateStore(StoreNames.FLEET_WATERMARKS);
    latest = context.getStateStore(StoreNames.FLEET_LATEST);
  }

  @Override
  public void process(Record<String, FleetPartial> record) {
    Direction dir = Direction.valueOf(record.key());
    FleetPartial p = record.value();
    if (p.watermark()) {
      onWatermark(dir, p);
    } else {
      onRow(dir, p);
    }
  }

  private void onRow(Direction dir, FleetPartial p) {
    Bytes key = StoreKeys.fleetWindow(dir, p.windowStart());
    byte[] old = windows.get(key);
    long[] risks = new long[RISKS];
    counts.clear();
    long end = p.windowEnd();
    if (old != null) {
      end = decodeInto(old, risks, counts);
    }
    rowCounts.decodeInto(p.counts());
    counts.addAll(rowCounts);
    for (int i = 0; i < risks.length; i++) {
      risks[i] += p.trunksByRisk()[i];
    }
    windows.put(key, encode(end, risks, counts));
  }

  private void onWatermark(Direction dir, FleetPartial p) {
    Bytes key = StoreKeys.fleetWatermark(dir, p.sourcePartition());
    byte[] old = watermarks.get(key);
    if (old != null && ByteBuffer.wrap(old).getLong() >= p.windowEnd()) {
      return;
    }
    watermarks.put(key, ByteBuffer.allocate(8).putLong(p.windowEnd()).array());
    long min = Long.MAX_VALUE;
    for (int i = 0; i < partitions; i++) {
      byte[] wm = watermarks.get(StoreKeys.fleetWatermark(dir, i));
      if (wm == null) {
        return;
      }
      min = Math.min(min, ByteBuffer.wrap(wm).getLong());
    }
    emitUpTo(dir, min);
  }

  /** Emits, in window order, every accumulated window of this direction ending at or before {@code closed}. */
  private void emitUpTo(Direction dir, long closed) {
    List<KeyValue<Bytes, byte[]>> ready = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = windows.range(StoreKeys.fleetWindow(dir, 0),
        StoreKeys.fleetWindow(dir, Long.MAX_VALUE))) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> kv = it.next();
        ready.add(kv);
      }
    }
    long[] risks = new long[RISKS];
    for (KeyValue<Bytes, byte[]> kv : ready) {
      long start = StoreKeys.windowStartOfFleetWindow(kv.key);
      Arrays.fill(risks, 0);
      counts.clear();
      long end = decodeInto(kv.value, risks, counts);
      if (end > closed) {
        break;
      }
      FleetUsage usage = AvroRecords.fleet(dir, start, end, counts, risks, policy.version());
      windows.delete(kv.key);
      latest.put(StoreKeys.fleetLatest(dir), usage);
      context.forward(new Record<>(dir.name(), usage, end));
    }
  }

  private static byte[] encode(long end, long[] risks, UsageCounts c) {
    byte[] counts = c.encode();
    ByteBuffer buf = ByteBuffer.allocate(FIXED_BYTES + counts.length).putLong(end);
    for (long r : risks) {
      buf.putLong(r);
    }
    return buf.put(counts).array();
  }

  private static long decodeInto(byte[] bytes, long[] risks, UsageCounts c) {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    long end = buf.getLong();
    for (int i = 0; i < RISKS; i++) {
      risks[i] = buf.getLong();
    }
    c.decodeInto(Arrays.copyOfRange(bytes, FIXED_BYTES, bytes.length));
    return end;
  }
}
