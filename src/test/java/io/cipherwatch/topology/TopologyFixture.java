package io.cipherwatch.topology;

import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.DeadLetter;
import io.cipherwatch.avro.DeprecationAlert;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.FleetUsage;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.HandshakeOutcome;
import io.cipherwatch.avro.TrunkMetadata;
import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.config.Settings;
import io.cipherwatch.serde.MockSchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/** A TopologyTestDriver over the real topology with a mock:// registry and the record cache off. */
final class TopologyFixture implements AutoCloseable {
  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  final String scope = "topology-test-" + UUID.randomUUID();
  final TopologyConfig cfg;
  final TopologyTestDriver driver;
  final TestInputTopic<byte[], byte[]> input;
  final TestInputTopic<String, TrunkMetadata> metadata;
  final TestOutputTopic<String, CipherUsage> usage;
  final TestOutputTopic<String, FleetUsage> fleet;
  final TestOutputTopic<String, DeprecationAlert> alerts;
  final TestOutputTopic<String, DeadLetter> deadLetters;
  private final Serde<HandshakeEvent> eventSerde;
  private int seq;

  TopologyFixture(Map<String, String> overrides) {
    this(overrides, TopologyMetrics.NONE);
  }

  TopologyFixture(Map<String, String> overrides, TopologyMetrics metrics) {
    Map<String, String> values = new HashMap<>(overrides);
    values.putIfAbsent("schema.registry.url", "mock://" + scope);
    // the driver's wall clock stays at T0 unless a test advances it; scenarios run hours past T0
    values.putIfAbsent("cipherwatch.input.max-future-skew", "P3650D");
    CipherwatchConfig config = CipherwatchConfig.of(values);
    cfg = TopologyConfig.from(config, 1, metrics);
    Properties props = new Properties();
    // the production defaults (error handlers) and the registry, as the application passes them
    props.putAll(config.kafka());
    props.put(Settings.TOPIC_DLQ.key(), config.raw(Settings.TOPIC_DLQ));
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "cipherwatch-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    props.put("processing.exception.handler.global.enabled", "true");
    props.put(DeadLetterSink.METRICS_CONFIG, metrics);
    try {
      props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("cw-ttd").toString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    driver = new TopologyTestDriver(CipherwatchTopology.buildTopology(cfg), props, T0);
    eventSerde = CipherwatchTopology.avro(HandshakeEvent.class, cfg.serdeConfig());
    input = driver.createInputTopic(cfg.inputTopic(), Serdes.ByteArray().serializer(),
        Serdes.ByteArray().serializer());
    metadata = driver.createInputTopic(cfg.metadataTopic(), Serdes.String().serializer(),
        CipherwatchTopology.avro(TrunkMetadata.class, cfg.serdeConfig()).serializer());
    usage = driver.createOutputTopic(cfg.usageTopic(), Serdes.String().deserializer(),
        CipherwatchTopology.avro(CipherUsage.class, cfg.serdeConfig()).deserializer());
    fleet = driver.createOutputTopic(cfg.fleetTopic(), Serdes.String().deserializer(),
        CipherwatchTopology.avro(FleetUsage.class, cfg.serdeConfig()).deserializer());
    alerts = driver.createOutputTopic(cfg.alertsTopic(), Serdes.String().deserializer(),
        CipherwatchTopology.avro(DeprecationAlert.class, cfg.serdeConfig()).deserializer());
    deadLetters = driver.createOutputTopic(cfg.dlqTopic(), Serdes.String().deserializer(),
        CipherwatchTopology.avro(DeadLetter.class, cfg.serdeConfig()).deserializer());
  }

  /** A valid event builder with sensible defaults. */
  HandshakeEvent.Builder event(String trunk, Direction dir, Instant at, List<Integer> offer, Integer chosen) {
    return HandshakeEvent.newBuilder()
        .setEventId("e-" + (++seq))
        .setEdgeId("edge-1")
        .setTrunkId(trunk)
        .setDirection(dir)
        .setTimestamp(at)
        .setProtocolVersion("TLSv1.2")
        .setOfferedCipherSuites(offer)
        .setNegotiatedCipherSuite(chosen)
        .setOutcome(chosen == null ? HandshakeOutcome.FAILED : HandshakeOutcome.ESTABLISHED);
  }

  void send(HandshakeEvent e) {
    input.pipeInput(new TestRecord<>(e.getTrunkId().getBytes(StandardCharsets.UTF_8),
        eventSerde.serializer().serialize(cfg.inputTopic(), e), e.getTimestamp()));
  }

  void send(String trunk, Direction dir, Instant at, List<Integer> offer, Integer chosen) {
    send(event(trunk, dir, at, offer, chosen).build());
  }

  /** The event's Avro value as a producer would write it. */
  byte[] encode(HandshakeEvent e) {
    return eventSerde.serializer().serialize(cfg.inputTopic(), e);
  }

  void sendRaw(byte[] key, byte[] value) {
    input.pipeInput(new TestRecord<>(key, value, T0));
  }

  void tick(Instant at) {
    input.pipeInput(new TestRecord<byte[], byte[]>(null, null, CipherwatchTopology.tickHeaders(at.toEpochMilli()),
        at));
  }

  void metadata(String trunk, String name, String org, String carrier) {
    metadata.pipeInput(trunk, TrunkMetadata.newBuilder().setTrunkId(trunk).setTrunkName(name)
        .setOrganizationId(org + "-id").setOrganizationName(org).setTrunkType("BYOC_CLOUD").setCarrier(carrier)
        .setRegion("us-east-1").setContact("noc@" + org + ".example").setLabels(new HashMap<>()).build());
  }

  static <T> List<T> values(TestOutputTopic<String, T> topic) {
    return new ArrayList<>(topic.readValuesToList());
  }

  /** The {@code usage-latest} view (not a key-value store, so not reachable through the driver's typed getters). */
  @SuppressWarnings("unchecked")
  ReadOnlyKeyValueStore<String, CipherUsage> usageLatest() {
    return (ReadOnlyKeyValueStore<String, CipherUsage>) driver.getAllStateStores().get(StoreNames.USAGE_LATEST);
  }

  @Override
  public void close() {
    driver.close();
    MockSchemaRegistry.drop(scope);
  }
}
