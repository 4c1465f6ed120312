package io.cipherwatch.topology;

import io.cipherwatch.alerting.AlertEngine;
import io.cipherwatch.alerting.AlertState;
import io.cipherwatch.alerting.AlertStateCodec;
import io.cipherwatch.alerting.Transition;
import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.DeprecationAlert;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.RiskLevel;
import io.cipherwatch.avro.TrunkMetadata;
import io.cipherwatch.policy.Classification;
import io.cipherwatch.policy.RejectReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The per-(trunk, direction) heart of the topology: usage panes, window emission and the alert state machine.
 *
 * <p>Each valid handshake updates exactly one pane (the advance-sized slice of event time it falls in) and one
 * alert state. Windows (size = k panes) are assembled from their panes when they close: when this task's event
 * time passes window end + grace. Closing is driven by the data, not by wall-clock punctuation, so a backlog
 * read at full speed still emits every window exactly once, in order. The newest closed window end is stored,
 * so a restart neither re-emits nor skips a window, and events for closed windows are reported LATE.
 */
final class TrunkWindowProcessor implements Processor<String, Intake, String, Output> {
  private static final long NONE = Long.MIN_VALUE;
  private static final Bytes PROGRESS_KEY = Bytes.wrap(new byte[] {'c'});
  private static final Direction[] DIRECTIONS = Direction.values();
  private static final int METADATA_CACHE_MAX = 250_000;

  /**
   * A global-store lookup: whether the trunk has an entry (an unknown trunk has none), whether that entry does
   * not decode, and the decoded value (null unless it does; records are never mutated, so rows may share one).
   */
  private record DecodedMetadata(boolean present, boolean undecodable, TrunkMetadata value) {
    static final DecodedMetadata ABSENT = new DecodedMetadata(false, false, null);
    static final DecodedMetadata NO_VALUE = new DecodedMetadata(true, false, null);
    static final DecodedMetadata UNDECODABLE = new DecodedMetadata(true, true, null);
  }

  private final TopologyConfig cfg;
  private final long size;
  private final long advance;
  private final long grace;
  private final AlertEngine engine;
  private final Deserializer<TrunkMetadata> metadataDeserializer;
  private final TopologyMetrics metrics;
  private final UsageCounts pane = new UsageCounts();
  /** Global-store lookups by trunkId, valid while the store's write count is {@link #metadataCacheWrites}. */
  private final Map<String, DecodedMetadata> metadataCache = new HashMap<>();
  private final LongSupplier metadataWrites;
  private long metadataCacheWrites = -1;
  private final List<Transition> transitions = new ArrayList<>();
  private final UsageCounts[] fleetSums = {new UsageCounts(), new UsageCounts()};
  private final int[] fleetRows = new int[DIRECTIONS.length];
  private final long[][] fleetRisks = new long[DIRECTIONS.length][RiskLevel.values().length];

  private ProcessorContext<String, Output> context;
  private KeyValueStore<Bytes, byte[]> panes;
  private KeyValueStore<Bytes, byte[]> progress;
  private KeyValueStore<Bytes, byte[]> alertStates;
  private KeyValueStore<String, CipherUsage> usageLatest;
  private KeyValueStore<String, DeprecationAlert> alertsLatest;
  private KeyValueStore<String, ValueAndTimestamp<byte[]>> metadata;
  private int partition;
  private long streamTime = NONE;
  private long closedEnd = NONE;

  TrunkWindowProcessor(TopologyConfig cfg, Deserializer<TrunkMetadata> metadataDeserializer,
      LongSupplier metadataWrites) {
    this.metadataWrites = metadataWrites;
    this.cfg = cfg;
    this.size = cfg.windowSizeMs();
    this.advance = cfg.windowAdvanceMs();
    this.grace = cfg.graceMs();
    this.engine = new AlertEngine(cfg.alertSettings());
    this.metadataDeserializer = metadataDeserializer;
    this.metrics = cfg.metrics();
  }

  @Override
  public void init(ProcessorContext<String, Output> context) {
    this.context = context;
    panes = context.getStateStore(StoreNames.USAGE_PANES);
    progress = context.getStateStore(StoreNames.USAGE_PROGRESS);
    alertStates = context.getStateStore(StoreNames.ALERT_STATE);
    usageLatest = context.getStateStore(StoreNames.USAGE_LATEST);
    alertsLatest = context.getStateStore(StoreNames.ALERTS_LATEST);
    metadata = context.getStateStore(StoreNames.TRUNK_METADATA);
    partition = context.taskId().partition();
    byte[] p = progress.get(PROGRESS_KEY);
    closedEnd = p == null ? NONE : ByteBuffer.wrap(p).getLong();
    streamTime = NONE;
  }

  @Override
  public void process(Record<String, Intake> record) {
    Intake in = record.value();
    if (in.kind == Intake.Kind.TICK) {
      advance(in.timestamp);
      return;
    }
    String trunkId = record.key();
    long ts = in.timestamp;
    advance(ts);
    metrics.handshake(in.inbound, in.classification, in.chosen);
    metrics.eventLag(context.currentSystemTimeMs() - ts);
    if (!cachedMetadata(trunkId).present) {
      metrics.unknownTrunk();
    }
    byte dir = (byte) (in.inbound ? 0 : 1);
    byte[] trunk = trunkId.getBytes(StandardCharsets.UTF_8);
    long paneStart = Math.floorDiv(ts, advance) * advance;
    if (closedEnd != NONE && paneStart + advance <= closedEnd) {
      reportLate(record, in);
    } else {
      Bytes key = paneKey(paneStart, dir, trunk);
      byte[] old = panes.get(key);
      if (old == null) {
        pane.clear();
      } else {
        pane.decodeInto(old);
      }
      pane.add(in.classification, in.chosen);
      panes.put(key, pane.encode());
    }
    updateAlerts(record, in, trunkId, dir, trunk);
  }

  private void updateAlerts(Record<String, Intake> record, Intake in, String trunkId, byte dir, byte[] trunk) {
    Bytes key = alertKey(dir, trunk);
    byte[] old = alertStates.get(key);
    AlertState state = old == null ? AlertState.empty() : AlertStateCodec.decode(old);
    Classification cls = in.classification;
    boolean chosenDeprecated = cls == Classification.DEPRECATED_ONLY || cls == Classification.PREFERS_DEPRECATED;
    transitions.clear();
    Direction direction = DIRECTIONS[dir];
    engine.onHandshake(trunkId, direction.name(), state, in.timestamp, cls, chosenDeprecated,
        in.event.getEventId(), in.chosen, in.exactOffer(), transitions);
    alertStates.put(key, AlertStateCodec.encode(state));
    if (transitions.isEmpty()) {
      return;
    }
    TrunkMetadata md = lookupMetadata(trunkId);
    for (Transition t : transitions) {
      DeprecationAlert alert = AvroRecords.alert(trunkId, direction, t, md);
      alertsLatest.put(trunkId + "|" + direction.name() + "|" + t.type().name(), alert);
      metrics.alertTransition(t.type(), t.open());
      context.forward(record.withKey(trunkId).withValue(new Output(Output.Kind.ALERT, alert))
          .withTimestamp(t.eventTime()));
    }
  }

  private void reportLate(Record<String, Intake> record, Intake in) {
    RecordMetadata md = context.recordMetadata().orElse(null);
    in.reason = RejectReason.LATE.name();
    in.message = RejectReason.LATE.message();
    in.sourceTopic = md == null ? "" : md.topic();
    in.sourcePartition = md == null ? -1 : md.partition();
    in.sourceOffset = md == null ? -1 : md.offset();
    metrics.late();
    metrics.deadLetter(in.reason);
    context.forward(record.withValue(new Output(Output.Kind.DEAD_LETTER, AvroRecords.deadLetter(in))));
  }

  /** Moves this task's event time forward and emits every window that closes because of it. */
  private void advance(long ts) {
    if (ts <= streamTime) {
      return;
    }
    streamTime = ts;
    long limit = Math.floorDiv(ts - grace, advance) * advance;
    if (closedEnd != NONE && limit <= closedEnd) {
      return;
    }
    if (closedEnd != NONE) {
      closeWindows(limit);
    }
    closedEnd = limit;
    progress.put(PROGRESS_KEY, ByteBuffer.allocate(8).putLong(limit).array());
    for (Direction d : DIRECTIONS) {
      context.forward(new Record<>(d.name(), new Output(Output.Kind.FLEET,
          FleetPartial.watermark(partition, limit)), limit));
    }
  }

  /** Emits, in order, every window with panes whose end lies in (closedEnd, limit]. */
  private void closeWindows(long limit) {
    long end = closedEnd + advance;
    while (end <= limit) {
      long first = firstPaneAtOrAfter(end - size);
      if (first == NONE) {
        return;
      }
      end = Math.max(end, first + advance);
      if (end > limit) {
        return;
      }
      emitWindow(end - size, end);
      deletePanesStarting(end - size);
      end += advance;
    }
  }

  private long firstPaneAtOrAfter(long start) {
    try (KeyValueIterator<Bytes, byte[]> it = panes.range(prefix(Math.max(0, start)), prefix(Long.MAX_VALUE))) {
      return it.hasNext() ? ByteBuffer.wrap(it.peekNextKey().get()).getLong() : NONE;
    }
  }

  private void emitWindow(long start, long end) {
    Map<Bytes, UsageCounts> byKey = new LinkedHashMap<>();
    try (KeyValueIterator<Bytes, byte[]> it = panes.range(prefix(Math.max(0, start)), prefix(end))) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> kv = it.next();
        byte[] k = kv.key.get();
        Bytes suffix = Bytes.wrap(Arrays.copyOfRange(k, 8, k.length));
        byKey.computeIfAbsent(suffix, s -> new UsageCounts()).mergeEncoded(kv.value);
      }
    }
    for (int d = 0; d < DIRECTIONS.length; d++) {
      fleetSums[d].clear();
      Arrays.fill(fleetRisks[d], 0);
      fleetRows[d] = 0;
    }
    for (Map.Entry<Bytes, UsageCounts> e : byKey.entrySet()) {
      byte[] s = e.getKey().get();
      Direction direction = DIRECTIONS[s[0]];
      String trunkId = new String(s, 1, s.length - 1, StandardCharsets.UTF_8);
      UsageCounts counts = e.getValue();
      CipherUsage usage = AvroRecords.usage(trunkId, direction, start, end, counts, lookupMetadata(trunkId));
      usageLatest.put(trunkId + "|" + direction.name(), usage);
      context.forward(new Record<>(trunkId, new Output(Output.Kind.USAGE, usage), end));
      fleetSums[s[0]].addAll(counts);
      fleetRisks[s[0]][usage.getRiskLevel().ordinal()]++;
      fleetRows[s[0]]++;
    }
    // one partial per direction and window: the fleet roll-up adds them up per window
    for (int d = 0; d < DIRECTIONS.length; d++) {
      if (fleetRows[d] > 0) {
        context.forward(new Record<>(DIRECTIONS[d].name(), new Output(Output.Kind.FLEET,
            FleetPartial.rows(partition, start, end, fleetRisks[d], fleetSums[d])), end));
      }
    }
  }

  private void deletePanesStarting(long start) {
    List<Bytes> keys = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = panes.range(prefix(start), prefix(start + 1))) {
      while (it.hasNext()) {
        keys.add(it.next().key);
      }
    }
    for (Bytes k : keys) {
      panes.delete(k);
    }
  }

  /** The trunk's metadata; null when unknown or undecodable (which is counted as a bad-metadata dead letter). */
  private TrunkMetadata lookupMetadata(String trunkId) {
    DecodedMetadata md = cachedMetadata(trunkId);
    if (md.undecodable) {
      metrics.deadLetter("BAD_METADATA");
    }
    return md.value;
  }

  /**
   * What the global store holds for the trunk, from the cache while the store has not been written since the
   * cache was filled (the write count is read before the store, so a concurrent write empties the cache next time).
   */
  private DecodedMetadata cachedMetadata(String trunkId) {
    long writes = metadataWrites.getAsLong();
    if (writes != metadataCacheWrites || metadataCache.size() >= METADATA_CACHE_MAX) {
      metadataCache.clear();
      metadataCacheWrites = writes;
    }
    DecodedMetadata md = metadataCache.get(trunkId);
    if (md == null) {
      md = decode(metadata.get(trunkId));
      metadataCache.put(trunkId, md);
    }
    return md;
  }

  private DecodedMetadata decode(ValueAndTimestamp<byte[]> v) {
    if (v == null) {
      return DecodedMetadata.ABSENT;
    }
    if (v.value() == null) {
      return DecodedMetadata.NO_VALUE;
    }
    try {
      return new DecodedMetadata(true, false, metadataDeserializer.deserialize(cfg.metadataTopic(), v.value()));
    } catch (RuntimeException e) {
      return DecodedMetadata.UNDECODABLE;
    }
  }

  static Bytes prefix(long paneStart) {
    return Bytes.wrap(ByteBuffer.allocate(8).putLong(paneStart).array());
  }

  static Bytes paneKey(long paneStart, byte dir, byte[] trunk) {
    return Bytes.wrap(ByteBuffer.allocate(9 + trunk.length).putLong(paneStart).put(dir).put(trunk).array());
  }

  static Bytes alertKey(byte dir, byte[] trunk) {
    return Bytes.wrap(ByteBuffer.allocate(1 + trunk.length).put(dir).put(trunk).array());
  }
}
