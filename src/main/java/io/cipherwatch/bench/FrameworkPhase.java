package io.cipherwatch.bench;

import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.serde.AvroSerde;
import io.cipherwatch.serde.SchemaRegistrySerdeException;
import io.cipherwatch.topology.StoreNames;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Kafka Streams alone: the same input read and the same volume written as the at-least-once cipherwatch
 * instance, through Kafka Streams with cipherwatch's Kafka settings and no work of the job's. Each input record
 * is deserialized (as the baseline does); each valid one puts a value of the {@code trunk-state} record's
 * average size into a logged in-memory store (Kafka's own; its changelog record stands for cipherwatch's), and
 * the rest of the volume (usage rows, alerts, readiness, dead letters, other changelogs) goes to one sink as
 * records of their average size, spread evenly over the input. Timed like cipherwatch, from start until every
 * input offset is committed. Its rate is what this machine allows any Kafka Streams application that reads these
 * events and writes these records; cipherwatch's rate over it is the share the job's own work leaves.
 */
final class FrameworkPhase {
  /** The rates under exactly-once and at-least-once, and the records the exactly-once run committed. */
  record Result(double eosEventsPerSec, double alosEventsPerSec, long eosCommittedRecords) {
    void report(Map<String, Object> out) {
      out.put("frameworkEventsPerSec", eosEventsPerSec);
      out.put("frameworkAlosEventsPerSec", alosEventsPerSec);
      out.put("frameworkCommittedRecords", eosCommittedRecords);
    }
  }

  static final String STORE = "framework-state";

  private final BenchContext c;

  FrameworkPhase(BenchContext c) {
    this.c = c;
  }

  Result run(InputPhase.Produced in, OutputVolume written) throws Exception {
    OutputVolume.Topic state = written.endingWith(StoreNames.TRUNK_STATE + "-changelog");
    OutputVolume.Topic rest = new OutputVolume.Topic(written.records() - state.records(),
        written.bytes() - state.bytes());
    Shape shape = new Shape(in.topic(), state.valueBytes(), rest.valueBytes(),
        (double) rest.records() / in.events());
    Run eos = run("framework", TopologyPhase.EOS, shape, in);
    Run alos = run("frameworkAlos", TopologyPhase.ALOS, shape, in);
    long sinkRecords = c.committedRecords(eos.sink);
    long changelogRecords = c.committedRecords(eos.changelog);
    long committed = sinkRecords + changelogRecords;
    c.log.printf("framework  committed %,d records (%,d to the sink, %,d to the store's changelog) for the %,d the"
        + " topology wrote%n", committed, sinkRecords, changelogRecords, written.records());
    return new Result(eos.eventsPerSec, alos.eventsPerSec, committed);
  }

  /** What each input record turns into: the store value's size, the sink value's size and sink records per event. */
  record Shape(String input, int stateValueBytes, int sinkValueBytes, double sinkRecordsPerEvent) {}

  private record Run(double eventsPerSec, String sink, String changelog) {}

  private Run run(String name, String guarantee, Shape shape, InputPhase.Produced in) throws Exception {
    String prefix = "bench-" + c.runId + "-" + name + "-";
    String sink = prefix + "out";
    c.kafka.createTopics(c.o.partitions(), sink);
    String appId = prefix + "app";
    Properties p = properties(appId, guarantee);
    long began = System.nanoTime();
    long doneAt;
    try (KafkaStreams streams = new KafkaStreams(topology(shape, sink), p)) {
      streams.start();
      BenchContext.awaitRunning(streams, began);
      c.awaitCommitted(streams, appId, in.end(), c.inputTimeout(in.events()));
      doneAt = System.nanoTime();
    }
    double seconds = (doneAt - began) / 1e9;
    double rate = in.events() / seconds;
    c.log.printf("%-10s Kafka Streams alone, %s: %,d events in %.1f s: %,.0f events/s%n", name, guarantee,
        in.events(), seconds, rate);
    c.endPhase(name, seconds, Map.of("eventsPerSec", rate));
    return new Run(rate, sink, appId + "-" + STORE + "-changelog");
  }

  /** cipherwatch's Kafka settings (exactly-once, batch size, commit interval), without its exception handlers. */
  private Properties properties(String appId, String guarantee) throws Exception {
    Map<String, String> m = new HashMap<>(c.base);
    m.putAll(c.o.settings());
    m.putAll(TopologyPhase.guaranteeSettings(guarantee));
    Properties p = new Properties();
    CipherwatchConfig.of(m).kafka().forEach((k, v) -> {
      if (!k.endsWith("exception.handler") && !k.endsWith("exception.handler.global.enabled")) {
        p.put(k, v);
      }
    });
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
    p.put(StreamsConfig.STATE_DIR_CONFIG, c.tempDir("cw-bench-framework").toString());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, c.o.streamThreads());
    return p;
  }

  private Topology topology(Shape shape, String sink) {
    Topology t = new Topology();
    t.addSource("framework-input", new ByteArrayDeserializer(), new ByteArrayDeserializer(), shape.input());
    t.addProcessor("framework-work", () -> new Work(c.serde(HandshakeEvent.class), shape), "framework-input");
    t.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.ByteArray(),
        Serdes.ByteArray()), "framework-work");
    t.addSink("framework-output", sink, new ByteArraySerializer(), new ByteArraySerializer(), "framework-work");
    return t;
  }

  /** Deserializes, puts the state value, forwards this record's share of the sink records. */
  static final class Work implements Processor<byte[], byte[], byte[], byte[]> {
    private static final byte[] NO_KEY = "none".getBytes(StandardCharsets.UTF_8);
    private final AvroSerde<HandshakeEvent> serde;
    private final Shape shape;
    private final byte[] stateValue;
    private final byte[] sinkValue;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<byte[], byte[]> store;
    private double owed;

    Work(AvroSerde<HandshakeEvent> serde, Shape shape) {
      this.serde = serde;
      this.shape = shape;
      this.stateValue = new byte[shape.stateValueBytes()];
      this.sinkValue = new byte[shape.sinkValueBytes()];
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
      this.context = context;
      this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> r) {
      byte[] key = r.key() == null ? NO_KEY : r.key();
      try {
        serde.deserializer().deserialize(shape.input(), r.value());
        store.put(key, stateValue);
      } catch (SchemaRegistrySerdeException malformed) {
        // counted in the sink's share, as cipherwatch's dead letters are
      }
      owed += shape.sinkRecordsPerEvent();
      Record<byte[], byte[]> out = r.withKey(key).withValue(sinkValue);
      for (; owed >= 1; owed--) {
        context.forward(out);
      }
    }
  }
}
