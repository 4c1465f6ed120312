package io.cipherwatch.topology;

import io.cipherwatch.avro.RemoteProbe;
import io.cipherwatch.avro.TrunkMetadata;
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
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the offer signatures of every (trunk, direction) per UTC day in {@code readiness-state}, for removal
 * readiness. The current day's bucket of each (trunk, direction) stays decoded in memory, so an event costs one
 * small encode and one put (the store's record cache folds repeated puts of a key into one changelog write per
 * commit) plus marking the pair dirty; when a (trunk, direction) starts a new day, its days beyond the retention
 * are deleted. Once per evaluation interval of stream time and of wall-clock time, a {@link ReadinessEvaluator}
 * step judges the dirty pairs as of the stream time and forwards the changed standings, keyed by organization.
 */
final class ReadinessProcessor implements Processor<String, Intake, String, ReadinessUpdate> {
  private static final Duration DRAIN_EVERY = Duration.ofSeconds(1);
  private final TopologyConfig cfg;
  private final int retentionDays;
  private final Deserializer<TrunkMetadata> metadataDeserializer;
  private final Deserializer<RemoteProbe> probeDeserializer;
  private final LongSupplier metadataWrites;
  private final RecentBuckets today = new RecentBuckets();
  private final int[] clean = new int[64];
  private KeyValueStore<Bytes, byte[]> store;
  private ReadinessEvaluator evaluator;
  private ProcessorContext<String, ReadinessUpdate> context;

  ReadinessProcessor(TopologyConfig cfg, Deserializer<TrunkMetadata> metadataDeserializer,
      Deserializer<RemoteProbe> probeDeserializer, LongSupplier metadataWrites) {
    this.cfg = cfg;
    this.retentionDays = cfg.readiness().retentionDays();
    this.metadataDeserializer = metadataDeserializer;
    this.probeDeserializer = probeDeserializer;
    this.metadataWrites = metadataWrites;
  }

  @Override
  public void init(ProcessorContext<String, ReadinessUpdate> context) {
    this.context = context;
    store = context.getStateStore(StoreNames.READINESS_STATE);
    MetadataCache metadata = MetadataCache.forTask(context, metadataDeserializer, cfg.metadataTopic(),
        metadataWrites);
    evaluator = new ReadinessEvaluator(cfg.readiness(), cfg.policyHolder(), store,
        context.getStateStore(StoreNames.READINESS_VERDICTS), context.getStateStore(StoreNames.REMOTE_PROBES),
        bytes -> probeDeserializer.deserialize(cfg.probesTopic(), bytes), metadata, metadataWrites);
    evaluator.restore();
    Duration interval = Duration.ofMillis(cfg.readinessEvaluationIntervalMs());
    context.schedule(interval, PunctuationType.STREAM_TIME, t -> evaluate());
    context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, t -> evaluate());
    // a backlog (every pair after a new UTC day or policy) drains a batch a second, not a batch an interval
    context.schedule(DRAIN_EVERY, PunctuationType.WALL_CLOCK_TIME, t -> {
      if (evaluator.dirtyCount() > 0) {
        evaluate();
      }
    });
  }

  private void evaluate() {
    evaluator.step(context.currentStreamTimeMs(),
        (org, update) -> context.forward(new Record<>(org, update, update.asOf())));
    cfg.metrics().readinessPending(context.taskId().partition(), evaluator.dirtyCount());
  }

  @Override
  public void close() {
    cfg.metrics().readinessPending(context.taskId().partition(), 0);
  }

  @Override
  public void process(Record<String, Intake> record) {
    Intake in = record.value();
    if (in.kind != Intake.Kind.HANDSHAKE) {
      return;
    }
    String trunkId = in.event.getTrunkId();
    int dir = in.inbound ? 0 : 1;
    long day = OfferHistory.epochDay(in.timestamp);
    String cacheKey = dir + trunkId;
    today.seen(day);
    DayBucket b = today.get(cacheKey);
    if (b == null || b.epochDay() != day) {
      if (b != null && day < b.epochDay()) {
        // a late event for an earlier day: update that day in the store, keep today's bucket cached
        if (day > b.epochDay() - retentionDays) {
          Bytes key = Bytes.wrap(DayBucketCodec.key(trunkId, dir, day));
          DayBucket earlier = load(key, day);
          evaluator.touched(cacheKey, add(earlier, in));
          store.put(key, DayBucketCodec.encode(earlier));
        }
        return;
      }
      b = load(Bytes.wrap(DayBucketCodec.key(trunkId, dir, day)), day);
      today.put(cacheKey, b);
      expire(trunkId, dir, day - retentionDays);
      add(b, in);
      evaluator.touched(cacheKey, true);
    } else {
      evaluator.touched(cacheKey, add(b, in));
    }
    store.put(Bytes.wrap(DayBucketCodec.key(trunkId, dir, day)), DayBucketCodec.encode(b));
  }

  /** Counts the handshake in {@code b}; returns whether its signatures changed (see {@link DayBucket#add}). */
  private boolean add(DayBucket b, Intake in) {
    int n = 0;
    for (int i = 0; i < in.offerLength && n < clean.length; i++) {
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
