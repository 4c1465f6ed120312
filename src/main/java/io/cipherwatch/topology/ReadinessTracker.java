package io.cipherwatch.topology;

import io.cipherwatch.avro.RemoteProbe;
import io.cipherwatch.readiness.DayBucket;
import io.cipherwatch.readiness.DayBucketCodec;
import io.cipherwatch.readiness.OfferHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The removal-readiness part of the window processor. The offer signatures of each (trunk, direction)'s newest
 * UTC day travel inside its {@link TrunkState} (written once per event anyway); when the pair's handshakes reach a
 * new day, the finished day is written to {@code readiness-state} once and the days beyond the retention are
 * deleted there. A handshake also marks its pair for judging when it can change the verdict; once per evaluation
 * interval of stream time and of wall-clock time (and every 100 ms while pairs wait), a
 * {@link ReadinessEvaluator} step judges them as of the stream time and the changed standings are forwarded,
 * keyed by organization.
 */
final class ReadinessTracker {
  private static final Duration DRAIN_EVERY = Duration.ofMillis(100);
  /** Stream thread time a wall-clock step may take: other records wait at most this long while a backlog drains. */
  private static final long STEP_BUDGET_NANOS = 5_000_000L;
  private final TopologyConfig cfg;
  private final int retentionDays;
  private final Deserializer<RemoteProbe> probeDeserializer;
  private final LongSupplier metadataWrites;
  private int[] clean = new int[64];
  private KeyValueStore<Bytes, byte[]> store;
  private ReadinessEvaluator evaluator;
  private ProcessorContext<String, Output> context;

  ReadinessTracker(TopologyConfig cfg, Deserializer<RemoteProbe> probeDeserializer, LongSupplier metadataWrites) {
    this.cfg = cfg;
    this.retentionDays = cfg.readiness().retentionDays();
    this.probeDeserializer = probeDeserializer;
    this.metadataWrites = metadataWrites;
  }

  /**
   * Opens the readiness stores of the task, restores what was judged and sent, and schedules the judging.
   *
   * @param states the task's decoded states, which hold each pair's newest day of offers: judged under their lock
   */
  void init(ProcessorContext<String, Output> context, MetadataCache metadata, TaskStates states) {
    this.context = context;
    store = context.getStateStore(StoreNames.READINESS_STATE);
    evaluator = new ReadinessEvaluator(cfg.readiness(), cfg.policyHolder(), store,
        context.getStateStore(StoreNames.READINESS_VERDICTS), context.getStateStore(StoreNames.REMOTE_PROBES),
        bytes -> probeDeserializer.deserialize(cfg.probesTopic(), bytes), metadata, metadataWrites, states);
    evaluator.restore();
    Duration interval = Duration.ofMillis(cfg.readinessEvaluationIntervalMs());
    // by stream time a step judges a batch whatever it takes, so the same input gives the same records; by wall
    // clock a backlog (every pair after a new UTC day or policy) drains 5 ms every 100 ms
    context.schedule(interval, PunctuationType.STREAM_TIME, t -> states.locked(() -> evaluate(Long.MAX_VALUE)));
    context.schedule(interval, PunctuationType.WALL_CLOCK_TIME,
        t -> states.locked(() -> evaluate(STEP_BUDGET_NANOS)));
    context.schedule(DRAIN_EVERY, PunctuationType.WALL_CLOCK_TIME, t -> {
      if (evaluator.dirtyCount() > 0) {
        states.locked(() -> evaluate(STEP_BUDGET_NANOS));
      }
    });
  }

  /** A state restored when the task started: a pair with offers of its newest day is judged again. */
  void restored(TrunkState s) {
    if (s.offers != null) {
      evaluator.touched(s.direction, s.trunkId, true);
    }
  }

  private void evaluate(long budgetNanos) {
    evaluator.step(context.currentStreamTimeMs(), budgetNanos,
        (org, update) -> context.forward(new Record<>(org, new Output.Readiness(update), update.asOf())));
    cfg.metrics().readinessPending(context.taskId().partition(), evaluator.dirtyCount());
  }

  /** The task is closing. */
  void close() {
    cfg.metrics().readinessPending(context.taskId().partition(), 0);
  }

  /** Counts a handshake in its pair's day of offers; the caller then writes {@code s}. */
  void count(TrunkState s, Intake in) {
    long day = OfferHistory.epochDay(in.timestamp);
    DayBucket b = s.offers;
    if (b != null && day == b.epochDay()) {
      evaluator.touched(s.direction, s.trunkId, add(b, in));
      return;
    }
    if (b != null && day < b.epochDay()) {
      // a late event for an earlier day: that day is in readiness-state (unless beyond the retention)
      if (day > b.epochDay() - retentionDays) {
        Bytes key = Bytes.wrap(DayBucketCodec.key(s.trunkId, s.direction, day));
        DayBucket earlier = load(key, day);
        evaluator.touched(s.direction, s.trunkId, add(earlier, in));
        store.put(key, DayBucketCodec.encode(earlier));
      }
      return;
    }
    if (b != null) {
      save(s);
    }
    // a new day for this pair (or its first since an upgrade, whose day may already be in readiness-state)
    b = load(Bytes.wrap(DayBucketCodec.key(s.trunkId, s.direction, day)), day);
    s.offers = b;
    expire(s.trunkId, s.direction, day - retentionDays);
    add(b, in);
    evaluator.touched(s.direction, s.trunkId, true);
  }

  /** Writes the pair's day of offers to {@code readiness-state} (its state is being evicted, or a new day began). */
  void save(TrunkState s) {
    if (s.offers != null) {
      store.put(Bytes.wrap(DayBucketCodec.key(s.trunkId, s.direction, s.offers.epochDay())),
          DayBucketCodec.encode(s.offers));
    }
  }

  /** Counts the handshake in {@code b}; returns whether its signatures changed (see {@link DayBucket#add}). */
  private boolean add(DayBucket b, Intake in) {
    if (clean.length < in.offerLength) {
      clean = new int[in.offerLength];
    }
    int n = 0;
    for (int i = 0; i < in.offerLength; i++) {
      int c = in.offer[i];
      if (OfferHistory.kept(c)) {
        clean[n++] = c;
      }
    }
    return b.add(clean, n, in.chosen, !in.established);
  }

  private DayBucket load(Bytes key, long day) {
    byte[] v = store.get(key);
    if (v != null) {
      try {
        return DayBucketCodec.decode(day, v);
      } catch (IllegalArgumentException e) {
        // an unreadable bucket (older format, corruption) restarts the day rather than stopping the task
        return new DayBucket(day);
      }
    }
    return new DayBucket(day);
  }

  private void expire(String trunkId, int dir, long lastDroppedDay) {
    if (lastDroppedDay < 0) {
      return;
    }
    List<Bytes> old = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = store.range(Bytes.wrap(DayBucketCodec.key(trunkId, dir, 0)),
        Bytes.wrap(DayBucketCodec.key(trunkId, dir, lastDroppedDay)))) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> kv = it.next();
        byte[] k = kv.key.get();
        if (DayBucketCodec.trunkId(k).equals(trunkId) && DayBucketCodec.direction(k) == dir) {
          old.add(kv.key);
        }
      }
    }
    for (Bytes k : old) {
      store.delete(k);
    }
  }
}
