package io.cipherwatch.bench.dsl;

import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.RiskLevel;
import io.cipherwatch.avro.TrunkMetadata;
import io.cipherwatch.catalog.CipherCatalog;
import io.cipherwatch.policy.CipherPolicy;
import io.cipherwatch.policy.Classification;
import io.cipherwatch.serde.AvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.EmitStrategy;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The usage half of cipherwatch written the way a Kafka Streams team would write it first, with the DSL: decode
 * with the Avro serde (malformed records skipped by {@link LogAndContinueExceptionHandler}), validate and
 * classify with the domain's rules, {@code groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(size, grace)
 * .advanceBy(advance))}, {@code emitStrategy(onWindowClose)}, an aggregate of counts in a RocksDB window store,
 * one row per direction of each closed window, the trunk metadata joined from a {@link GlobalKTable}, and the
 * {@link CipherUsage} rows written with the same Avro serde. It writes the same usage rows as cipherwatch on
 * in-order input (no alerts, fleet roll-up or dead letters: those it would need on top).
 *
 * <p>The settings its users would tune are in {@link #tunedProperties}.
 */
public final class DslPeerTopology {
  private static final CipherCatalog CATALOG = CipherCatalog.standard();

  /**
   * What the peer reads and writes, and how it windows; {@code metadataStore} names its metadata table's store
   * (the RocksDB config setter may tune a store by name).
   */
  public record Spec(String inputTopic, String metadataTopic, String metadataStore, String usageTopic,
      CipherPolicy policy,
      Duration size, Duration advance, Duration grace, Map<String, Object> serdeConfig) {}

  private DslPeerTopology() {}

  /**
   * The tuning a team would apply for throughput: exactly-once v2, a 64 MiB record cache (fewer store and
   * changelog writes per window), cipherwatch's 100 ms exactly-once commit interval (so both pay for the same
   * number of transactions), 512 KiB producer batches, RocksDB bounded like cipherwatch's, and
   * {@link LogAndContinueExceptionHandler} so that a malformed record is skipped.
   */
  public static Properties tunedProperties(String applicationId, String bootstrapServers, String stateDir,
      String rocksDbConfigSetter) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 64L << 20);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    p.put(StreamsConfig.producerPrefix("batch.size"), 512 * 1024);
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
    if (rocksDbConfigSetter != null) {
      p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, rocksDbConfigSetter);
    }
    return p;
  }

  /** The peer's topology. */
  public static Topology build(Spec s) {
    StreamsBuilder builder = new StreamsBuilder();
    GlobalKTable<String, TrunkMetadata> trunks = builder.globalTable(s.metadataTopic(),
        Consumed.with(Serdes.String(), avro(TrunkMetadata.class, s)).withName("dsl-trunk-metadata-source"),
        Materialized.as(s.metadataStore()));
    Serde<HandshakeEvent> events = avro(HandshakeEvent.class, s);
    CipherPolicy policy = s.policy();
    builder.stream(s.inputTopic(), Consumed.with(Serdes.String(), events).withName("dsl-handshakes-source"))
        .flatMapValues(e -> {
          Classified h = e == null ? null : Classified.of(e, policy);
          return h == null ? List.<Classified>of() : List.of(h);
        }, Named.as("dsl-validate-classify"))
        .groupByKey(Grouped.with("dsl-by-trunk", Serdes.String(), Classified.serde()))
        .windowedBy(TimeWindows.ofSizeAndGrace(s.size(), s.grace()).advanceBy(s.advance()))
        .emitStrategy(EmitStrategy.onWindowClose())
        .aggregate(WindowCounts::new, (trunk, h, counts) -> counts.add(h), Named.as("dsl-window-counts"),
            Materialized.<String, WindowCounts, WindowStore<Bytes, byte[]>>as("dsl-usage-windows")
                .withKeySerde(Serdes.String()).withValueSerde(WindowCounts.serde()))
        .toStream(Named.as("dsl-closed-windows"))
        .flatMap((Windowed<String> w, WindowCounts counts) -> rows(w, counts), Named.as("dsl-rows"))
        .leftJoin(trunks, (trunk, row) -> trunk, DslPeerTopology::enrich, Named.as("dsl-join-metadata"))
        .to(s.usageTopic(), Produced.with(Serdes.String(), avro(CipherUsage.class, s)).withName("dsl-usage-sink"));
    return builder.build();
  }

  /** One row per direction with handshakes in the window, without metadata. */
  static List<KeyValue<String, CipherUsage>> rows(Windowed<String> w, WindowCounts c) {
    List<KeyValue<String, CipherUsage>> out = new ArrayList<>(2);
    for (int d = 0; d < WindowCounts.DIRECTIONS; d++) {
      long handshakes = c.handshakes(d);
      if (handshakes == 0) {
        continue;
      }
      long failed = c.count(d, Classification.FAILED);
      long established = handshakes - failed;
      long deprecatedOnly = c.count(d, Classification.DEPRECATED_ONLY);
      long prefers = c.count(d, Classification.PREFERS_DEPRECATED);
      long offers = c.count(d, Classification.OFFERS_DEPRECATED);
      Map<String, Long> ciphers = new LinkedHashMap<>();
      for (int i = 0; i < c.ciphers[d]; i++) {
        ciphers.merge(CATALOG.ianaName(c.codes[d][i]), c.codeCounts[d][i], Long::sum);
      }
      RiskLevel risk = deprecatedOnly > 0 ? RiskLevel.CRITICAL : prefers > 0 ? RiskLevel.WARNING
          : offers > 0 ? RiskLevel.INFO : RiskLevel.CLEAN;
      CipherUsage row = new CipherUsage(w.key(), d == 0 ? Direction.INBOUND : Direction.OUTBOUND,
          Instant.ofEpochMilli(w.window().start()), Instant.ofEpochMilli(w.window().end()), handshakes,
          established, failed, deprecatedOnly + prefers, share(deprecatedOnly + prefers, established),
          deprecatedOnly, share(deprecatedOnly, established), c.count(d, Classification.CLEAN), offers, prefers,
          deprecatedOnly, ciphers, risk, null, null, null, null, null, null, null, 0L);
      out.add(KeyValue.pair(w.key(), row));
    }
    return out;
  }

  private static CipherUsage enrich(CipherUsage row, TrunkMetadata md) {
    if (md != null) {
      row.setTrunkName(md.getTrunkName());
      row.setOrganizationId(md.getOrganizationId());
      row.setOrganizationName(md.getOrganizationName());
      row.setCarrier(md.getCarrier());
      row.setRegion(md.getRegion());
      row.setTrunkType(md.getTrunkType());
      row.setContact(md.getContact());
    }
    return row;
  }

  private static double share(long part, long established) {
    return established == 0 ? 0.0 : (double) part / established;
  }

  private static <T extends SpecificRecord> Serde<T> avro(Class<T> type, Spec s) {
    AvroSerde<T> serde = new AvroSerde<>(type);
    serde.configure(s.serdeConfig(), false);
    return serde;
  }
}
