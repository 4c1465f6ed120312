package io.cipherwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cipherwatch.avro.TrunkMetadata;
import io.cipherwatch.policy.ActivePolicy;
import io.cipherwatch.policy.CipherPolicy;
import io.cipherwatch.policy.PolicyHolder;
import io.cipherwatch.readiness.DayBucket;
import io.cipherwatch.readiness.DayBucketCodec;
import io.cipherwatch.readiness.OfferHistory;
import io.cipherwatch.readiness.Readiness;
import io.cipherwatch.readiness.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.Test;

/**
 * A task that starts again on its stores (as after a restart or a rebalance) judges every pair once more, writes
 * nothing for the pairs that did not change, and still retracts a trunk that moved organization while it was
 * down from the organization it was sent to before.
 */
class ReadinessEvaluatorRestartTest {
  static final int[] SUPPORTED = {0x0035, 0x003D, 0x009C, 0x009D, 0xC014, 0xC028, 0xC02F, 0xC030};
  final MockProcessorContext<String, ReadinessUpdate> context = new MockProcessorContext<>(new Properties());
  final KeyValueStore<Bytes, byte[]> state = add(Stores.keyValueStoreBuilder(
      Stores.inMemoryKeyValueStore(StoreNames.READINESS_STATE), Serdes.Bytes(), Serdes.ByteArray())
      .withLoggingDisabled().build());
  final KeyValueStore<String, byte[]> verdicts = add(Stores.keyValueStoreBuilder(
      Stores.inMemoryKeyValueStore(StoreNames.READINESS_VERDICTS), Serdes.String(), Serdes.ByteArray())
      .withLoggingDisabled().build());
  final TimestampedKeyValueStore<String, byte[]> probes = add(Stores.timestampedKeyValueStoreBuilder(
      Stores.inMemoryKeyValueStore(StoreNames.REMOTE_PROBES), Serdes.String(), Serdes.ByteArray())
      .withLoggingDisabled().build());
  final Map<String, TrunkMetadata> metadata = new HashMap<>();
  long metadataWrites;
  final PolicyHolder policy = new PolicyHolder(ActivePolicy.defaults(new CipherPolicy(new int[] {0x003D, 0xC028},
      SUPPORTED)));
  final List<KeyValue<String, ReadinessUpdate>> sent = new ArrayList<>();

  <S extends StateStore> S add(S store) {
    store.init(context.getStateStoreContext(), store);
    return store;
  }

  ReadinessEvaluator start() {
    MetadataCache cache = new MetadataCache(
        t -> metadata.containsKey(t) ? ValueAndTimestamp.make(t.getBytes(StandardCharsets.UTF_8), 0L) : null,
        b -> metadata.get(new String(b, StandardCharsets.UTF_8)), () -> metadataWrites, 1_000);
    ReadinessEvaluator e = new ReadinessEvaluator(new Readiness(Duration.ofDays(7), 0.001), policy, state, verdicts,
        probes, b -> {
          throw new IllegalStateException("no probes here");
        }, cache, () -> metadataWrites, (d, t) -> null);
    e.restore();
    return e;
  }

  void owner(String trunk, String org) {
    metadata.put(trunk, TrunkMetadata.newBuilder().setTrunkId(trunk).setTrunkName(trunk).setOrganizationId(org)
        .setOrganizationName(org).setTrunkType("BYOC_CLOUD").setCarrier("c").setRegion("r")
        .setLabels(new HashMap<>()).build());
    metadataWrites++;
  }

  void day(String trunk, long epochDay, int chosen, Integer... offer) {
    DayBucket b = new DayBucket(epochDay);
    int[] o = java.util.Arrays.stream(offer).mapToInt(Integer::intValue).toArray();
    b.add(o, o.length, chosen, false);
    state.put(Bytes.wrap(DayBucketCodec.key(trunk, 0, epochDay)), DayBucketCodec.encode(b));
  }

  List<String> step(ReadinessEvaluator e, long streamTime) {
    return step(e, streamTime, Long.MAX_VALUE);
  }

  List<String> step(ReadinessEvaluator e, long streamTime, long budgetNanos) {
    sent.clear();
    e.step(streamTime, budgetNanos, (org, u) -> sent.add(KeyValue.pair(org, u)));
    List<String> out = new ArrayList<>();
    for (KeyValue<String, ReadinessUpdate> kv : sent) {
      out.add(kv.key + ":" + kv.value.trunkId() + "=" + (kv.value.standing() == null ? "retracted"
          : kv.value.standing().verdict()));
    }
    return out;
  }

  @Test
  void aRestartedTaskWritesOnlyWhatChangedWhileItWasDown() {
    long now = TopologyFixture.T0.toEpochMilli();
    long today = OfferHistory.epochDay(now);
    owner("t1", "acme");
    owner("t2", "acme");
    day("t1", today, 0x003D, 0x003D);
    day("t2", today, 0xC030, 0xC030);
    ReadinessEvaluator first = start();
    assertEquals(List.of("acme:t1=BREAKS", "acme:t2=READY"), step(first, now).stream().sorted().toList(),
        "the stored pairs are judged at the first step");
    assertEquals(List.of(), step(first, now + 60_000));

    ReadinessEvaluator again = start();
    assertEquals(2, again.dirtyCount(), "every stored pair is judged again after a restart");
    assertEquals(List.of(), step(again, now + 120_000), "nothing changed: nothing written");

    owner("t1", "globex"); // while the task is down
    ReadinessEvaluator third = start();
    assertEquals(List.of("acme:t1=retracted", "globex:t1=BREAKS"), step(third, now + 180_000));
    ReadinessUpdate back = ReadinessUpdate.decode(verdicts.get(ReadinessEvaluator.pairKey(0, "t1")));
    assertEquals("globex", back.standing().organizationId());
    assertEquals(Verdict.BREAKS, back.standing().verdict());
    assertNull(verdicts.get(ReadinessEvaluator.pairKey(1, "t1")), "only pairs with offers are judged");
  }

  @Test
  void storedVerdictsUnderKeysNoPairHasAreLeftAlone() {
    long now = TopologyFixture.T0.toEpochMilli();
    owner("t1", "acme");
    day("t1", OfferHistory.epochDay(now), 0x003D, 0x003D);
    verdicts.put("", new byte[] {1});
    verdicts.put("7t1", new byte[] {1});
    verdicts.put("x", new byte[] {1});
    ReadinessEvaluator e = start();
    assertEquals(1, e.dirtyCount(), "only the pair with offers waits");
    assertEquals(List.of("acme:t1=BREAKS"), step(e, now));
    assertEquals(List.of(), step(e, now + 86_400_000L), "a new day judges only real pairs again");
  }

  @Test
  void onlyAChangeOfSignaturesMakesAPairDirtyUnlessItsPeriodHoldsMoreThanABucketKeeps() {
    long now = TopologyFixture.T0.toEpochMilli();
    long today = OfferHistory.epochDay(now);
    owner("t1", "acme");
    owner("t2", "acme");
    day("t1", today, 0x003D, 0x003D);
    DayBucket many = new DayBucket(today);
    for (int i = 0; i <= DayBucket.LIMIT; i++) {
      int[] offer = {0xC030, 0x1301 + i};
      many.add(offer, offer.length, 0xC030, false);
    }
    state.put(Bytes.wrap(DayBucketCodec.key("t2", 0, today)), DayBucketCodec.encode(many));
    ReadinessEvaluator e = start();
    step(e, now);
    assertEquals(0, e.dirtyCount());

    e.touched(0, "t1", false);
    assertEquals(0, e.dirtyCount(), "one more handshake of a known signature cannot change a verdict");
    e.touched(0, "t1", true);
    assertEquals(1, e.dirtyCount(), "a new signature can");
    step(e, now + 60_000);

    e.touched(0, "t2", false);
    assertEquals(1, e.dirtyCount(), "with more signatures than a bucket keeps, counts decide which are kept");
  }

  @Test
  void aStepJudgesAtMostOneBatchSoABacklogNeverStallsTheThreadForLong() {
    long now = TopologyFixture.T0.toEpochMilli();
    long today = OfferHistory.epochDay(now);
    int pairs = ReadinessEvaluator.BATCH + ReadinessEvaluator.BATCH / 2;
    for (int t = 0; t < pairs; t++) {
      day("t" + t, today, 0xC030, 0xC030);
    }
    ReadinessEvaluator e = start();
    assertEquals(pairs, e.dirtyCount());
    assertEquals(ReadinessEvaluator.BATCH, step(e, now).size());
    assertEquals(pairs - ReadinessEvaluator.BATCH, e.dirtyCount(), "the rest wait for the next step");
    assertEquals(pairs - ReadinessEvaluator.BATCH, step(e, now).size());
    assertEquals(0, e.dirtyCount());
  }

  @Test
  void aStepEndsWhenItsTimeBudgetIsSpent() {
    long now = TopologyFixture.T0.toEpochMilli();
    long today = OfferHistory.epochDay(now);
    int pairs = 200;
    for (int t = 0; t < pairs; t++) {
      day("t" + t, today, 0xC030, 0xC030);
    }
    ReadinessEvaluator e = start();
    int judged = step(e, now, 0).size();
    assertEquals(15, judged, "a spent budget ends the step at its first check, after 15 pairs");
    assertEquals(pairs - judged, e.dirtyCount(), "the rest wait for the next step");
    assertEquals(pairs - judged, step(e, now).size());
  }
}
