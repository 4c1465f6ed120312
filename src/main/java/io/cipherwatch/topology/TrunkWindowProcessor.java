package io.cipherwatch.topology;

import io.cipherwatch.alerting.AlertEngine;
import io.cipherwatch.alerting.Transition;
import io.cipherwatch.avro.DeprecationAlert;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.RemoteProbe;
import io.cipherwatch.avro.TrunkMetadata;
import io.cipherwatch.config.UsageEmit;
import io.cipherwatch.policy.Classification;
import io.cipherwatch.policy.DeadLetterReason;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The per-(trunk, direction) heart of the topology: usage panes, window emission, the alert state machine and
 * the offers for removal readiness ({@link ReadinessTracker}).
 *
 * <p>Each valid handshake updates exactly one pane (the advance-sized slice of event time it falls in), the
 * alert state and the day of offers of its (trunk, direction), held together in one {@link TrunkState} and
 * written to the {@code trunk-state} store as one changelogged record. The processor keeps the decoded states of
 * its task in memory ({@link TaskStates}: loaded from the store in {@link #init}, so a restart or a revived task
 * starts from the restored store, which then holds them by reference and serves them to queries; changed under
 * their lock only) with an index of which keys have a pane at each pane start. Windows (size = k panes) are
 * assembled from their panes when they close: when this task's event time passes window end + grace. Closing is
 * driven by the data, not by wall-clock punctuation, so a backlog read at full speed still emits every window
 * exactly once, in order. The newest closed window end is stored, so a restart neither re-emits nor skips a
 * window, and events for closed windows are reported LATE. Queries read each key's newest window row from
 * {@code usage-latest}, which computes it from {@code trunk-state} ({@link UsageLatestStore}): nothing is written
 * for it. {@link OnChangeRows} decides which rows go to {@code cipher-usage} ({@link UsageEmit}).
 */
final class TrunkWindowProcessor implements Processor<String, Intake, String, Output> {
  private static final long NONE = TrunkState.NONE;
  private static final Direction[] DIRECTIONS = Direction.values();
  private static final long SWEEP_EVERY_MS = 3_600_000L;
  private static final UsageCounts ZERO = new UsageCounts();

  private final TopologyConfig cfg;
  private final long size;
  private final long advance;
  private final long grace;
  private final AlertEngine engine;
  private final Deserializer<TrunkMetadata> metadataDeserializer;
  private final TopologyMetrics metrics;
  private final LongSupplier metadataWrites;
  private final ReadinessTracker readiness;
  private final HashKeyValueStore.Owners owners;
  private MetadataCache metadata;
  /** The undecodable metadata value already dead-lettered by this task, by trunkId. */
  private final Map<String, byte[]> badMetadataReported = new HashMap<>();
  private final List<Transition> transitions = new ArrayList<>();
  private final UsageCounts window = new UsageCounts();
  private final OnChangeRows onChange;
  private final FleetSums fleetSums = new FleetSums();
  private final TrunkState.Scratch scratch = new TrunkState.Scratch(512, 256);
  private final ArrayList<TrunkState> closing = new ArrayList<>();
  /** This task's states, held by its trunk-state store; changed under their lock only. */
  private TaskStates states;
  /** Pane start → the states with a pane there that is still part of a window to come. */
  private final TreeMap<Long, ArrayList<TrunkState>> byPane = new TreeMap<>();

  private ProcessorContext<String, Output> context;
  private KeyValueStore<Bytes, byte[]> trunkStates;
  /** False when {@code trunk-state} keeps nothing (offline), so a state is not encoded for it. */
  private boolean keepStates;
  private KeyValueStore<Bytes, byte[]> progress;
  private KeyValueStore<String, DeprecationAlert> alertsLatest;
  private int partition;
  private long streamTime = NONE;
  private long closedEnd = NONE;
  /** Event time of the last eviction sweep. */
  private long lastSweep = NONE;
  /** Wall-clock time of the last record this task processed (or of its start). */
  private long lastRecordAt;

  TrunkWindowProcessor(TopologyConfig cfg, Deserializer<TrunkMetadata> metadataDeserializer,
      Deserializer<RemoteProbe> probeDeserializer, LongSupplier metadataWrites, HashKeyValueStore.Owners owners) {
    this.metadataWrites = metadataWrites;
    this.owners = owners;
    this.cfg = cfg;
    this.size = cfg.windowSizeMs();
    this.advance = cfg.windowAdvanceMs();
    this.grace = cfg.graceMs();
    this.engine = new AlertEngine(cfg.alertSettings());
    this.metadataDeserializer = metadataDeserializer;
    this.metrics = cfg.metrics();
    this.onChange = new OnChangeRows(size, advance, cfg.usageEmit() == UsageEmit.ON_CHANGE);
    this.readiness = new ReadinessTracker(cfg, probeDeserializer, metadataWrites);
  }

  @Override
  public void init(ProcessorContext<String, Output> context) {
    this.context = context;
    trunkStates = context.getStateStore(StoreNames.TRUNK_STATE);
    keepStates = !(trunkStates instanceof DiscardingStore);
    states = new TaskStates(keepStates && owners != null ? owners.of(context.stateDir()) : null);
    states.locked(this::start);
  }

  private void start() {
    progress = context.getStateStore(StoreNames.USAGE_PROGRESS);
    alertsLatest = context.getStateStore(StoreNames.ALERTS_LATEST);
    metadata = MetadataCache.forTask(context, metadataDeserializer, cfg.metadataTopic(), metadataWrites);
    partition = context.taskId().partition();
    closedEnd = UsageLatestStore.closedEnd(progress);
    context.<UsageLatestStore>getStateStore(StoreNames.USAGE_LATEST).bind(new UsageLatestStore.Source(trunkStates,
        progress, MetadataCache.uncached(context, metadataDeserializer, cfg.metadataTopic()), size, advance,
        cfg.policyHolder()::version));
    streamTime = NONE;
    List<TrunkState> loaded = load();
    readiness.init(context, metadata, states);
    loaded.forEach(readiness::restored);
    metrics.windowsClosed(partition, closedEnd);
    lastRecordAt = context.currentSystemTimeMs();
    long idle = cfg.idlePartitionTimeoutMs();
    if (idle > 0) {
      context.schedule(Duration.ofMillis(Math.max(1_000, Math.min(idle / 4, 30_000))),
          PunctuationType.WALL_CLOCK_TIME, now -> {
            // no record for the idle timeout: windows (and the fleet's) close as if one stamped now had come
            if (now - lastRecordAt >= idle) {
              states.locked(() -> advance(now));
            }
          });
    }
  }

  @Override
  public void close() {
    states.locked(() -> {
      states.release();
      readiness.close();
      metrics.partitionReleased(partition);
    });
  }

  /** Rebuilds the in-memory states and the pane index from the (restored) store; returns them in store order. */
  private List<TrunkState> load() {
    List<TrunkState> loaded = states.load(trunkStates);
    byPane.clear();
    long firstOpen = closedEnd == NONE ? Long.MIN_VALUE : closedEnd - size + advance;
    for (TrunkState s : loaded) {
      for (int i = 0; i < s.paneCount(); i++) {
        if (s.paneStart(i) >= firstOpen) {
          byPane.computeIfAbsent(s.paneStart(i), x -> new ArrayList<>()).add(s);
        }
      }
      if (closedEnd != NONE) {
        onChange.restore(s, closedEnd);
      }
    }
    return loaded;
  }

  @Override
  public void process(Record<String, Intake> record) {
    // as states.locked(...), without a lambda capturing each record
    states.lock().lock();
    try {
      handle(record);
    } finally {
      states.lock().unlock();
    }
  }

  private void handle(Record<String, Intake> record) {
    Intake in = record.value();
    lastRecordAt = context.currentSystemTimeMs();
    if (in.kind == Intake.Kind.TICK) {
      advance(in.timestamp);
      return;
    }
    String trunkId = record.key();
    long ts = in.timestamp;
    advance(ts);
    metrics.handshake(in.inbound, in.classification, in.chosen);
    metrics.eventLag(lastRecordAt - ts);
    byte dir = (byte) (in.inbound ? 0 : 1);
    TrunkState state = states.getOrCreate(dir, trunkId);
    if (!metadata.of(state).present()) {
      metrics.unknownTrunk();
    }
    long paneStart = Math.floorDiv(ts, advance) * advance;
    if (closedEnd != NONE && paneStart + advance <= closedEnd) {
      reportLate(record, in);
    } else {
      if (state.count(paneStart, in.classification, in.chosen)) {
        byPane.computeIfAbsent(paneStart, x -> new ArrayList<>()).add(state);
      }
    }
    state.lastSeen = Math.max(state.lastSeen, ts);
    updateAlerts(record, in, state);
    readiness.count(state, in);
    if (keepStates) {
      trunkStates.put(Bytes.wrap(state.key), state.encode(scratch));
    }
  }

  private void updateAlerts(Record<String, Intake> record, Intake in, TrunkState state) {
    Classification cls = in.classification;
    boolean chosenDeprecated = cls == Classification.DEPRECATED_ONLY || cls == Classification.PREFERS_DEPRECATED;
    transitions.clear();
    Direction direction = DIRECTIONS[state.direction];
    engine.onHandshake(state.trunkId, direction.name(), state.alert, in.timestamp, cls, chosenDeprecated,
        in.event.getEventId(), in.chosen, in.exactOffer(), transitions);
    emitTransitions(state, in.timestamp, record.headers());
  }

  /** Stores and forwards the {@link #transitions} of a state (with the given headers: null for none). */
  private void emitTransitions(TrunkState s, long timestamp, Headers headers) {
    if (transitions.isEmpty()) {
      return;
    }
    Direction direction = DIRECTIONS[s.direction];
    TrunkMetadata md = lookupMetadata(s, timestamp).value();
    for (Transition t : transitions) {
      DeprecationAlert alert = AvroRecords.alert(s.trunkId, direction, t, md, cfg.policyHolder().version());
      alertsLatest.put(StoreKeys.alertsLatest(s.trunkId, direction, t.type()), alert);
      metrics.alertTransition(t.type(), t.open());
      context.forward(new Record<>(s.trunkId, new Output.Alert(alert), t.eventTime(), headers));
    }
  }

  /** Dead-letters a late event under the source coordinates the intake gave it (a parked one has no context's). */
  private void reportLate(Record<String, Intake> record, Intake in) {
    in.reason = DeadLetterReason.LATE;
    in.message = DeadLetterReason.LATE.message();
    metrics.late();
    metrics.deadLetter(in.reason);
    context.forward(record.withValue(new Output.Dead(AvroRecords.deadLetter(in))));
  }

  /**
   * Moves this task's event time forward, emits every window that closes because of it and, at most once per
   * sweep interval of event time, evicts the keys silent for the state TTL.
   */
  private void advance(long ts) {
    if (ts <= streamTime) {
      return;
    }
    streamTime = ts;
    closeUpTo(ts);
    long ttl = cfg.stateIdleTtlMs();
    if (ttl > 0 && (lastSweep == NONE || streamTime - lastSweep >= Math.min(ttl, SWEEP_EVERY_MS))) {
      lastSweep = streamTime;
      evictIdle(ttl);
    }
  }

  /** Emits every window that closes when event time reaches {@code ts}. */
  private void closeUpTo(long ts) {
    long limit = Math.floorDiv(ts - grace, advance) * advance;
    if (closedEnd != NONE && limit <= closedEnd) {
      return;
    }
    if (closedEnd != NONE) {
      closeWindows(limit);
    }
    closedEnd = limit;
    metrics.windowsClosed(partition, limit);
    progress.put(StoreKeys.USAGE_PROGRESS, ByteBuffer.allocate(8).putLong(limit).array());
    for (Direction d : DIRECTIONS) {
      context.forward(new Record<>(d.name(), new Output.Fleet(FleetPartial.watermark(partition, limit)), limit));
    }
  }

  /**
   * Evicts the keys without a handshake for {@code ttl} whose panes are all closed: resolves their open alerts,
   * tombstones their state and drops their newest row. A key written before handshake times were kept starts
   * its TTL now.
   */
  private void evictIdle(long ttl) {
    long cutoff = streamTime - ttl;
    for (Map<String, TrunkState> byTrunk : states.byDirection) {
      Iterator<TrunkState> it = byTrunk.values().iterator();
      while (it.hasNext()) {
        TrunkState s = it.next();
        if (s.lastSeen == NONE) {
          s.lastSeen = streamTime;
        } else if (s.lastSeen <= cutoff && s.allPanesClosed(closedEnd, advance)) {
          it.remove();
          evict(s);
        }
      }
    }
  }

  private void evict(TrunkState s) {
    transitions.clear();
    engine.evict(s.alert, streamTime, transitions);
    emitTransitions(s, streamTime, null);
    for (long start : s.paneStarts()) {
      ArrayList<TrunkState> list = byPane.get(start);
      if (list != null) {
        list.remove(s);
      }
    }
    readiness.save(s);
    trunkStates.delete(Bytes.wrap(s.key));
  }

  /** Emits, in order, every window with panes (or owed zero rows) whose end lies in (closedEnd, limit]. */
  private void closeWindows(long limit) {
    long end = closedEnd + advance;
    while (end <= limit) {
      Long first = byPane.ceilingKey(end - size);
      long next = first == null ? Long.MAX_VALUE : Math.max(end, first + advance);
      zeroRows(end - size, end);
      if (next > limit) {
        return;
      }
      end = next;
      emitWindow(end - size, end);
      // the pane at the window's start is in no later window
      onChange.windowEmitted(end, byPane.remove(end - size));
      end += advance;
    }
  }

  /** Emits the rows of window [start, end) and this task's fleet partial of it. */
  private void emitWindow(long start, long end) {
    closing.clear();
    for (ArrayList<TrunkState> list : byPane.subMap(start, true, end, false).values()) {
      for (TrunkState s : list) {
        if (s.emittedEnd != end) {
          s.emittedEnd = end;
          closing.add(s);
        }
      }
    }
    fleetSums.clear();
    for (TrunkState s : closing) {
      boolean write = onChange.changed(s, start, end);
      // panes before this window are in no window to come, nor in this key's newest row
      s.dropPanesBefore(start);
      UsageCounts counts = s.countsIn(start, end, window);
      if (write) {
        context.forward(new Record<>(s.trunkId, new Output.Usage(row(s, start, end, counts.copy())), end));
      }
      fleetSums.add(s.direction, counts, counts.riskLevel());
    }
    closing.clear();
    // one partial per direction and window: the fleet roll-up adds them up per window
    fleetSums.forEachPartial(partition, start, end,
        (direction, partial) -> context.forward(new Record<>(direction.name(), new Output.Fleet(partial), end)));
  }

  /** The zero rows of window [start, end) (on-change), for the keys that had a row in the window before only. */
  private void zeroRows(long start, long end) {
    onChange.silentKeys(end, states.byDirection,
        s -> context.forward(new Record<>(s.trunkId, new Output.Usage(row(s, start, end, ZERO)), end)));
  }

  /** The usage row of a state's window [start, end) with these counts, which must not change afterwards. */
  private UsageRow row(TrunkState s, long start, long end, UsageCounts counts) {
    MetadataCache.Entry md = lookupMetadata(s, end);
    return new UsageRow(s.trunkId, DIRECTIONS[s.direction], start, end, counts, md.value(), md.usageAvro(),
        cfg.policyHolder().version());
  }

  /**
   * The trunk's metadata entry; its value is null when unknown or undecodable. An undecodable value is
   * dead-lettered (and counted) the first time this task meets it, stamped {@code timestamp}; rows and alerts
   * built meanwhile carry none.
   */
  private MetadataCache.Entry lookupMetadata(TrunkState s, long timestamp) {
    MetadataCache.Entry md = metadata.of(s);
    String trunkId = s.trunkId;
    if (md.undecodable()) {
      byte[] reported = badMetadataReported.get(trunkId);
      if (reported == null || !Arrays.equals(reported, md.undecodableBytes())) {
        badMetadataReported.put(trunkId, md.undecodableBytes());
        metrics.deadLetter(DeadLetterReason.BAD_METADATA);
        context.forward(new Record<>(trunkId, new Output.Dead(AvroRecords.badMetadata(cfg.metadataTopic(), trunkId,
            md.undecodableBytes(), md.timestamp())), timestamp));
      }
    }
    return md;
  }
}
