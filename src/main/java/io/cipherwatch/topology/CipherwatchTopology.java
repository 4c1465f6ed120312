package io.cipherwatch.topology;

import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.DeadLetter;
import io.cipherwatch.avro.DeprecationAlert;
import io.cipherwatch.avro.FleetUsage;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.OrganizationReadiness;
import io.cipherwatch.avro.RemoteProbe;
import io.cipherwatch.avro.TrunkMetadata;
import io.cipherwatch.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the cipherwatch topology. A pure function of its {@link TopologyConfig}: it reads no environment and
 * starts nothing. Every processor, store and internal topic has a stable name.
 *
 * <pre>
 * tls-handshakes ─▶ decode-validate-classify ─┬─▶ rejected ───────────────────────────────▶ tls-handshakes-dlq
 *                                              └─▶ window-and-alert (trunk state: panes + alerts + the newest day
 *                                                    │ of offers; readiness-state, readiness-verdicts; metadata,
 *                                                    │ probes; readiness judged per evaluation interval)
 *                                                    ├─▶ cipher-usage      ├─▶ deprecation-alerts
 *                                                    ├─▶ late, bad metadata ─────────────▶ tls-handshakes-dlq
 *                                                    ├─▶ fleet-partials (by direction) ─▶ fleet-rollup ─▶ fleet-usage
 *                                                    └─▶ readiness-by-organization (by organization)
 *                                                          ─▶ readiness-organizations ─▶ removal-readiness
 * </pre>
 */
public final class CipherwatchTopology {
  /**
   * Header marking a time tick on the input topic: its value is epoch milliseconds as ASCII decimal; the record
   * has no key or value. A tick advances the event time of its partition (closing windows) and is not counted.
   */
  public static final String TICK_HEADER = "cipherwatch-tick";

  /**
   * Topic configuration of the {@code trunk-state} changelog. The store is in memory, so a start-up restores it
   * by reading the whole changelog: segments that roll at 64 MiB or after an hour (instead of 1 GiB / 7 days)
   * let the log cleaner compact it down to about one record per key soon, which bounds the restore.
   */
  static final Map<String, String> TRUNK_STATE_CHANGELOG = Map.of(
      "segment.bytes", Integer.toString(64 << 20),
      "segment.ms", Long.toString(3_600_000L));

  private CipherwatchTopology() {}

  /** The headers of a time tick at {@code epochMillis}. */
  public static Headers tickHeaders(long epochMillis) {
    RecordHeaders h = new RecordHeaders();
    h.add(TICK_HEADER, Long.toString(epochMillis).getBytes(StandardCharsets.US_ASCII));
    return h;
  }

  /** The topology for the given configuration. */
  public static Topology buildTopology(TopologyConfig cfg) {
    StreamsBuilder builder = new StreamsBuilder();
    Map<String, Object> serdeConfig = cfg.serdeConfig();

    // counts its writes, so window-and-alert can keep decoded metadata until the global thread changes it; read
    // only on a miss of that cache, so kept in RocksDB, off the heap (in memory it cost ~350 bytes per trunk)
    CountingStoreSupplier metadataStore = new CountingStoreSupplier(
        Stores.persistentTimestampedKeyValueStore(StoreNames.TRUNK_METADATA));
    builder.globalTable(cfg.metadataTopic(),
        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("trunk-metadata-source"),
        Materialized.<String, byte[]>as(metadataStore)
            .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray())
            // read through the processors' own cache of decoded values; a record cache would only add a copy
            .withCachingDisabled());

    // the live policy: a newer version reaches the processors through cfg.policyHolder() without a restart
    builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.CIPHER_POLICY),
            Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
        cfg.policyTopic(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("cipher-policy-source"),
        () -> new PolicyUpdateProcessor(cfg.policyHolder(),
            avro(io.cipherwatch.avro.CipherPolicy.class, serdeConfig).deserializer(), cfg.policyTopic()));

    // written for every event: kept in memory (changelogged like every store, restored on start-up), where it
    // holds the window processor's decoded states by reference while the processor runs
    HashKeyValueStore.Owners trunkStateOwners = new HashKeyValueStore.Owners();
    builder.addStateStore(Stores.keyValueStoreBuilder(HashKeyValueStore.supplier(StoreNames.TRUNK_STATE,
        trunkStateOwners), Serdes.Bytes(), Serdes.ByteArray()).withLoggingEnabled(TRUNK_STATE_CHANGELOG));
    builder.addStateStore(bytesStore(StoreNames.USAGE_PROGRESS));
    // an alert or fleet row is written to its *-latest store and then to its topic: encoded once for both; every
    // output is refused in serialization when too large to produce (dead-lettered by the error handlers)
    Serde<UsageRow> usageSerde = new BoundedSerde<>(UsageRow.serde(avro(CipherUsage.class, serdeConfig)),
        BoundedSerde.maxValueBytes(serdeConfig));
    Serde<DeprecationAlert> alertSerde = outputSerde(DeprecationAlert.class, serdeConfig);
    Serde<FleetUsage> fleetSerde = outputSerde(FleetUsage.class, serdeConfig);
    // computed on read from trunk-state: holds nothing, so no changelog
    builder.addStateStore(UsageLatestStore.builder(StoreNames.USAGE_LATEST));
    builder.addStateStore(avroStore(StoreNames.ALERTS_LATEST, alertSerde));
    builder.addStateStore(bytesStore(StoreNames.FLEET_WINDOWS));
    builder.addStateStore(bytesStore(StoreNames.FLEET_WATERMARKS));
    builder.addStateStore(avroStore(StoreNames.FLEET_LATEST, fleetSerde));

    // records waiting for the schema registry: normally empty, so RocksDB (it may grow during a long outage)
    builder.addStateStore(bytesStore(StoreNames.PARKED_HANDSHAKES));
    KStream<String, Intake> intake = builder
        .stream(cfg.inputTopic(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
            .withTimestampExtractor(new BoundedTimestampExtractor(cfg.limits().maxFutureSkewMs()))
            .withName("handshakes-source"))
        .process(() -> new IntakeProcessor(cfg.inputTopic(), cfg.policyHolder(), cfg.limits(),
            avro(HandshakeEvent.class, serdeConfig).deserializer(), cfg.metrics()),
            Named.as("decode-validate-classify"), StoreNames.PARKED_HANDSHAKES);

    Map<String, KStream<String, Intake>> intakeBranches = intake.split(Named.as("intake-"))
        .branch((k, v) -> v.kind == Intake.Kind.REJECTED, Branched.as("rejected"))
        .defaultBranch(Branched.as("accepted"));
    KStream<String, DeadLetter> rejected = intakeBranches.get("intake-rejected")
        .mapValues(AvroRecords::deadLetter, Named.as("to-dead-letter"));

    // latest outbound probe per trunk (cipherwatch probe), read by the readiness API
    builder.globalTable(cfg.probesTopic(),
        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("remote-probes-source"),
        Materialized.<String, byte[], KeyValueStore<Bytes, byte[]>>as(StoreNames.REMOTE_PROBES)
            .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()));

    // removal readiness: the finished days of offer signatures per (trunk, direction); the newest day of each
    // travels in its trunk-state record
    builder.addStateStore(bytesStore(StoreNames.READINESS_STATE));
    // the last standing sent per (trunk, direction), and the organizations' tallies
    builder.addStateStore(stringStore(StoreNames.READINESS_VERDICTS));
    builder.addStateStore(stringStore(StoreNames.READINESS_ORGANIZATIONS));

    KStream<String, Output> outputs = intakeBranches.get("intake-accepted")
        .process(() -> new TrunkWindowProcessor(cfg, avro(TrunkMetadata.class, serdeConfig).deserializer(),
            avro(RemoteProbe.class, serdeConfig).deserializer(), metadataStore::writes, trunkStateOwners),
            Named.as("window-and-alert"),
            StoreNames.TRUNK_STATE, StoreNames.USAGE_PROGRESS, StoreNames.USAGE_LATEST, StoreNames.ALERTS_LATEST,
            StoreNames.READINESS_STATE, StoreNames.READINESS_VERDICTS);

    Map<String, KStream<String, Output>> out = outputs.split(Named.as("output-"))
        .branch((k, v) -> v.usage() != null, Branched.as("usage"))
        .branch((k, v) -> v.alert() != null, Branched.as("alerts"))
        .branch((k, v) -> v.fleet() != null, Branched.as("fleet"))
        .branch((k, v) -> v.readiness() != null, Branched.as("readiness"))
        .defaultBranch(Branched.as("late"));

    out.get("output-usage")
        .mapValues(Output::usage, Named.as("as-cipher-usage"))
        .to(cfg.usageTopic(), Produced.with(Serdes.String(), usageSerde)
            .withName("cipher-usage-sink"));
    out.get("output-alerts")
        .mapValues(Output::alert, Named.as("as-deprecation-alert"))
        .to(cfg.alertsTopic(), Produced.with(Serdes.String(), alertSerde)
            .withName("deprecation-alerts-sink"));
    out.get("output-fleet")
        .mapValues(Output::fleet, Named.as("as-fleet-partial"))
        .repartition(Repartitioned.with(Serdes.String(), FleetPartial.serde()).withName("fleet-partials"))
        .process(() -> new FleetRollupProcessor(cfg.inputPartitions(), cfg.policyHolder()), Named.as("fleet-rollup"),
            StoreNames.FLEET_WINDOWS, StoreNames.FLEET_WATERMARKS, StoreNames.FLEET_LATEST)
        .to(cfg.fleetTopic(), Produced.with(Serdes.String(), fleetSerde)
            .withName("fleet-usage-sink"));
    // changed (trunk, direction) verdicts, judged in batches, re-keyed by organization: one record per change of
    // an organization's verdict
    out.get("output-readiness")
        .mapValues(Output::readiness, Named.as("as-readiness-update"))
        .repartition(Repartitioned.with(Serdes.String(), ReadinessUpdate.serde())
            .withName("readiness-by-organization"))
        .process(OrganizationReadinessProcessor::new, Named.as("readiness-organizations"),
            StoreNames.READINESS_ORGANIZATIONS)
        .to(cfg.readinessTopic(), Produced.with(Serdes.String(), avro(OrganizationReadiness.class, serdeConfig))
            .withName("removal-readiness-sink"));
    KStream<String, DeadLetter> late = out.get("output-late")
        .mapValues(Output::deadLetter, Named.as("as-late-dead-letter"));
    rejected.merge(late, Named.as("merge-dead-letters"))
        .to(cfg.dlqTopic(), Produced.with(Serdes.String(), avro(DeadLetter.class, serdeConfig))
            .withName("dead-letter-sink"));

    return builder.build();
  }

  /**
   * The serde of an output kept in a {@code *-latest} store and written to its topic: encoded once for both, and
   * refused when too large to produce.
   */
  static <T extends SpecificRecord> Serde<T> outputSerde(Class<T> type, Map<String, Object> serdeConfig) {
    return new BoundedSerde<>(new EncodeOnceSerde<>(avro(type, serdeConfig)), BoundedSerde.maxValueBytes(serdeConfig));
  }

  private static StoreBuilder<KeyValueStore<Bytes, byte[]>> bytesStore(String name) {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray());
  }

  private static StoreBuilder<KeyValueStore<String, byte[]>> stringStore(String name) {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray());
  }

  private static <T> StoreBuilder<KeyValueStore<String, T>> avroStore(String name, Serde<T> serde) {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), serde);
  }

  /** A configured registry-backed Avro value serde. */
  static <T extends SpecificRecord> AvroSerde<T> avro(Class<T> type, Map<String, Object> serdeConfig) {
    AvroSerde<T> serde = new AvroSerde<>(type);
    serde.configure(serdeConfig, false);
    return serde;
  }
}
