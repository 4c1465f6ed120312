package io.cipherwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.avro.DeprecationAlert;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.HandshakeOutcome;
import io.cipherwatch.avro.RemoteProbe;
import io.cipherwatch.avro.TrunkMetadata;
import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.policy.Classification;
import io.cipherwatch.readiness.DayBucketCodec;
import io.cipherwatch.serde.MockSchemaRegistry;
import java.io.File;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A window processor restarted again and again on the same stores (as a restored task starts from its restored stores)
 * writes exactly what an uninterrupted one writes, in both usage modes, across windows closed by data and by the
 * wall-clock idle advance, and keeps the same days of offers and readiness standings. The TopologyTestDriver cannot
 * restart on its stores (the trunk state is an in-memory store restored from its changelog), so this drives the
 * processor itself.
 */
class UsageEmitRestartTest {
  static final long MINUTE = 60_000L;
  final String scope = "restart-test-" + UUID.randomUUID();
  /** The task's state directory: only the key by which the processor finds its trunk-state store. */
  final File taskDir = new File(scope);
  final SimulatedHandshakes in = new SimulatedHandshakes(TopologyFixture.T0.toEpochMilli(), 3_000, 40, 5);

  @AfterEach
  void dropRegistry() {
    MockSchemaRegistry.drop(scope);
  }

  /** One processor's life: its stores and context, and the processor now running on them. */
  final class Life {
    final TopologyConfig cfg;
    final HashKeyValueStore.Owners owners = new HashKeyValueStore.Owners();
    final MockProcessorContext<String, Output> context = new MockProcessorContext<>(new Properties(),
        new TaskId(0, 0), taskDir);
    final List<String> written = new ArrayList<>();
    TrunkWindowProcessor processor;
    /** Index of the running processor's first punctuator (readiness's evaluation) in the context's list. */
    int firstPunctuator;

    Life(String mode) {
      cfg = TopologyConfig.from(CipherwatchConfig.of(Map.of("schema.registry.url", "mock://" + scope,
          "cipherwatch.usage.emit", mode, "cipherwatch.input.max-future-skew", "P3650D")), 1, TopologyMetrics.NONE);
      // the production store: it holds the running processor's live states, released to bytes at a restart
      add(Stores.keyValueStoreBuilder(HashKeyValueStore.supplier(StoreNames.TRUNK_STATE, owners), Serdes.Bytes(),
          Serdes.ByteArray()).withLoggingDisabled().build());
      add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.USAGE_PROGRESS), Serdes.Bytes(),
          Serdes.ByteArray()).withLoggingDisabled().build());
      // the stores' values in Avro's single-object encoding: the mock context names one topic for every store
      add(UsageLatestStore.builder(StoreNames.USAGE_LATEST).build());
      add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.ALERTS_LATEST), Serdes.String(),
          Serdes.serdeFrom((Serializer<DeprecationAlert>) (t, a) -> io(() -> array(a.toByteBuffer())),
              (Deserializer<DeprecationAlert>) (t, b) -> io(() -> DeprecationAlert.fromByteBuffer(ByteBuffer.wrap(b)))))
          .withLoggingDisabled().build());
      add(Stores.timestampedKeyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.TRUNK_METADATA),
          Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build());
      add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.READINESS_STATE), Serdes.Bytes(),
          Serdes.ByteArray()).withLoggingDisabled().build());
      add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.READINESS_VERDICTS), Serdes.String(),
          Serdes.ByteArray()).withLoggingDisabled().build());
      add(Stores.timestampedKeyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.REMOTE_PROBES),
          Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build());
      context.setRecordMetadata(cfg.inputTopic(), 0, 0);
      context.setCurrentSystemTimeMs(TopologyFixture.T0.toEpochMilli());
      start();
    }

    private void add(StateStore store) {
      store.init(context.getStateStoreContext(), store);
      context.addStateStore(store);
    }

    void start() {
      processor = new TrunkWindowProcessor(cfg, CipherwatchTopology.avro(TrunkMetadata.class, cfg.serdeConfig())
          .deserializer(), CipherwatchTopology.avro(RemoteProbe.class, cfg.serdeConfig()).deserializer(), () -> 0L, owners);
      firstPunctuator = context.scheduledPunctuators().size();
      processor.init(context);
    }

    void restart() {
      collect();
      processor.close();
      start();
    }

    void send(HandshakeEvent e) {
      long ts = e.getTimestamp().toEpochMilli();
      context.setCurrentSystemTimeMs(ts);
      processor.process(new Record<>(e.getTrunkId(), intake(cfg, e), ts));
    }

    /** The wall clock at {@code now} with no record for a while: the idle advance closes windows. */
    void idle(long now) {
      context.setCurrentSystemTimeMs(now);
      List<MockProcessorContext.CapturedPunctuator> p = context.scheduledPunctuators();
      p.get(p.size() - 1).getPunctuator().punctuate(now);
    }

    void tick(long ts) {
      Intake tick = new Intake();
      tick.kind = Intake.Kind.TICK;
      tick.timestamp = ts;
      processor.process(new Record<>(null, tick, ts));
    }

    /**
     * Judges readiness as of {@code streamTime} (the evaluation punctuator) and describes every day of offers and
     * every standing sent, one line each, sorted.
     */
    List<String> readiness(long streamTime) {
      context.setCurrentStreamTimeMs(streamTime);
      context.scheduledPunctuators().get(firstPunctuator).getPunctuator().punctuate(streamTime);
      List<String> out = new ArrayList<>();
      for (Map.Entry<byte[], byte[]> e : ReadinessDays.merge(entries(StoreNames.TRUNK_STATE),
          entries(StoreNames.READINESS_STATE))) {
        byte[] k = e.getKey();
        out.add("day " + DayBucketCodec.trunkId(k) + " " + DayBucketCodec.direction(k) + " "
            + DayBucketCodec.epochDay(k) + " " + java.util.Arrays.toString(e.getValue()));
      }
      KeyValueStore<String, byte[]> verdicts = context.getStateStore(StoreNames.READINESS_VERDICTS);
      try (KeyValueIterator<String, byte[]> it = verdicts.all()) {
        it.forEachRemaining(kv -> out.add("verdict " + kv.key + " " + ReadinessUpdate.decode(kv.value).standing()));
      }
      Collections.sort(out);
      return out;
    }

    private List<Map.Entry<byte[], byte[]>> entries(String store) {
      KeyValueStore<Bytes, byte[]> s = context.getStateStore(store);
      List<Map.Entry<byte[], byte[]>> out = new ArrayList<>();
      try (KeyValueIterator<Bytes, byte[]> it = s.all()) {
        it.forEachRemaining(kv -> out.add(Map.entry(kv.key.get(), kv.value)));
      }
      return out;
    }

    /** What was forwarded, one line per record, sorted (a restart may change the order within a window). */
    List<String> collect() {
      for (MockProcessorContext.CapturedForward<? extends String, ? extends Output> f : context.forwarded()) {
        Output o = f.record().value();
        long ts = f.record().timestamp();
        if (o.usage() != null) {
          written.add(ts + " usage " + o.usage().toAvro());
        } else if (o.fleet() != null) {
          written.add(ts + " fleet " + f.record().key() + " " + describe(o.fleet()));
        } else if (o.alert() != null) {
          written.add(ts + " alert " + o.alert());
        } else if (o.readiness() != null) {
          written.add(ts + " readiness " + f.record().key() + " " + o.readiness().trunkId());
        } else {
          written.add(ts + " dead " + o.deadLetter());
        }
      }
      context.resetForwards();
      List<String> sorted = new ArrayList<>(written);
      Collections.sort(sorted);
      return sorted;
    }
  }

  interface Io<T> {
    T get() throws java.io.IOException;
  }

  static <T> T io(Io<T> io) {
    try {
      return io.get();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static byte[] array(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.get(a);
    return a;
  }

  /** A fleet partial with its suites in code order (a restart may meet them in another order). */
  static String describe(FleetPartial p) {
    StringBuilder b = new StringBuilder().append(p.watermark()).append(' ').append(p.sourcePartition()).append(' ')
        .append(p.windowStart()).append(' ').append(p.windowEnd()).append(' ')
        .append(java.util.Arrays.toString(p.trunksByRisk()));
    if (p.counts().length > 0) {
      UsageCounts c = new UsageCounts();
      c.decodeInto(p.counts());
      for (Classification cls : Classification.values()) {
        b.append(' ').append(c.count(cls));
      }
      java.util.TreeMap<Integer, Long> suites = new java.util.TreeMap<>();
      for (int i = 0; i < c.cipherCount(); i++) {
        suites.put(c.cipherCode(i), c.cipherHandshakes(i));
      }
      b.append(' ').append(suites);
    }
    return b.toString();
  }

  static Intake intake(TopologyConfig cfg, HandshakeEvent e) {
    Intake in = new Intake();
    in.kind = Intake.Kind.HANDSHAKE;
    in.event = e;
    in.timestamp = e.getTimestamp().toEpochMilli();
    in.inbound = e.getDirection() == Direction.INBOUND;
    in.established = e.getOutcome() == HandshakeOutcome.ESTABLISHED;
    in.chosen = e.getNegotiatedCipherSuite() == null ? -1 : e.getNegotiatedCipherSuite();
    List<Integer> offer = e.getOfferedCipherSuites();
    in.offer = new int[Math.max(1, offer.size())];
    for (int c : offer) {
      if ((c & 0x0F0F) != 0x0A0A) {
        in.offer[in.offerLength++] = c;
      }
    }
    in.classification = cfg.policyHolder().current().rules().classify(in.inbound, in.established, in.chosen,
        in.offer, in.offerLength);
    return in;
  }

  /**
   * Feeds the simulated input; restarts after every {@code restartEvery} events (0: never) and right after the
   * wall-clock advance that closes the windows of the fleet-wide lull.
   */
  List<String> run(String mode, int restartEvery) {
    Life life = new Life(mode);
    int lull = in.indexAt(in.lullEnd());
    long lullStart = in.events.get(lull - 1).getTimestamp().toEpochMilli();
    for (int i = 0; i < in.events.size(); i++) {
      if (i == lull) {
        life.idle(lullStart + 40 * MINUTE);
        if (restartEvery > 0) {
          life.restart();
        }
      }
      if (restartEvery > 0 && i > 0 && i % restartEvery == 0) {
        life.restart();
      }
      life.send(in.events.get(i));
    }
    long end = in.events.get(in.events.size() - 1).getTimestamp().toEpochMilli() + 2 * SimulatedHandshakes.HOUR;
    life.tick(end);
    List<String> out = new ArrayList<>(life.collect());
    out.addAll(life.readiness(end));
    return out;
  }

  @Test
  void aRestartedProcessorWritesWhatAnUninterruptedOneWrites() {
    for (String mode : List.of("every-window", "on-change")) {
      List<String> uninterrupted = run(mode, 0);
      assertTrue(uninterrupted.stream().anyMatch(l -> l.contains(" usage ")), mode);
      for (int every : new int[] {97, 501}) {
        assertTrue(uninterrupted.stream().anyMatch(l -> l.startsWith("verdict ") && l.contains("BREAKS")), mode);
        List<String> restarted = run(mode, every);
        assertEquals(uninterrupted, restarted, mode + ", restarted every " + every + " events");
      }
    }
  }

  @Test
  void onChangeWritesZeroRowsInTheLullTheWallClockClosed() {
    List<String> rows = run("on-change", 0);
    long lullStart = in.events.get(in.indexAt(in.lullEnd()) - 1).getTimestamp().toEpochMilli();
    long zerosInLull = rows.stream().filter(l -> l.contains(" usage ") && l.contains("\"handshakes\": 0,"))
        .mapToLong(l -> Long.parseLong(l.substring(0, l.indexOf(' '))))
        .filter(end -> end > lullStart && end < in.lullEnd()).count();
    assertTrue(zerosInLull > 0, "zero rows of windows closed during the lull");
  }
}
