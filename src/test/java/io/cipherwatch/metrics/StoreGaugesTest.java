package io.cipherwatch.metrics;

import static io.cipherwatch.metrics.Records.alert;
import static io.cipherwatch.metrics.Records.fleet;
import static io.cipherwatch.metrics.Records.usage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.avro.AlertState;
import io.cipherwatch.avro.AlertType;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.topology.StoreNames;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.Test;

class StoreGaugesTest {

  /** Partitions with values; owned partitions and unreadable ones are set by the test. */
  static final class FakeStores implements PartitionedStores {
    final Map<String, Map<Integer, List<?>>> data = new HashMap<>();
    final Map<String, Set<Integer>> owned = new HashMap<>();
    final Set<Integer> unreadable = new HashSet<>();
    boolean listingFails;

    void put(String store, int partition, Object... values) {
      data.computeIfAbsent(store, s -> new HashMap<>()).put(partition, List.of(values));
      owned.computeIfAbsent(store, s -> new HashSet<>()).add(partition);
    }

    @Override
    public Set<Integer> activePartitions(String store) {
      if (listingFails) {
        throw new IllegalStateException("metadata not available");
      }
      return owned.getOrDefault(store, Set.of());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> List<V> values(String store, int partition, Predicate<? super V> keep) {
      if (unreadable.contains(partition)) {
        throw new InvalidStateStoreException("The state store, " + store + ", may have migrated to another instance.");
      }
      List<V> out = new ArrayList<>();
      for (Object v : data.getOrDefault(store, Map.of()).getOrDefault(partition, List.of())) {
        if (keep.test((V) v)) {
          out.add((V) v);
        }
      }
      return out;
    }

    @Override
    public List<Map.Entry<byte[], byte[]>> byteEntries(String store, int partition) {
      return values(store, partition, v -> true);
    }
  }

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final FakeStores stores = new FakeStores();

  /** Prometheus sample lines of one family, keyed by their label part. */
  private Map<String, String> samples(String family) {
    Map<String, String> out = new TreeMap<>();
    for (String line : registry.scrape().split("\n")) {
      if (line.startsWith(family + "{")) {
        int close = line.lastIndexOf('}');
        out.put(line.substring(family.length(), close + 1), line.substring(close + 2));
      }
    }
    return out;
  }

  private void loadTwoPartitions() {
    stores.put(StoreNames.USAGE_LATEST, 0,
        usage("t0", Direction.OUTBOUND, 4, 2, 2, "Acme", "Telco"),
        usage("t0", Direction.INBOUND, 4, 0, 0, "Acme", "Telco"));
    stores.put(StoreNames.USAGE_LATEST, 1, usage("t1", Direction.INBOUND, 4, 1, 0, "Beta", "Carrier"));
    stores.put(StoreNames.ALERTS_LATEST, 0,
        alert("t0", Direction.OUTBOUND, AlertType.DEPRECATED_ONLY, AlertState.OPEN, Records.START));
    stores.put(StoreNames.ALERTS_LATEST, 1,
        alert("t1", Direction.INBOUND, AlertType.PREFERS_DEPRECATED, AlertState.OPEN, Records.START));
    stores.put(StoreNames.FLEET_LATEST, 3, fleet(Direction.INBOUND, 60, 8, 1, 0,
        Map.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", 8L), 0, 1, 0, 1));
  }

  @Test
  void exportsEveryFamilyFromOwnedPartitions() {
    loadTwoPartitions();
    new StoreGauges(registry, stores, 500).refresh();
    assertEquals(Map.of(
        "{carrier=\"Telco\",direction=\"OUTBOUND\",organization=\"Acme\",trunk_id=\"t0\"}", "0.5",
        "{carrier=\"Carrier\",direction=\"INBOUND\",organization=\"Beta\",trunk_id=\"t1\"}", "0.25"),
        samples(MetricNames.TRUNK_DEPRECATED_SHARE.prometheus()));
    assertEquals("0.5", samples(MetricNames.TRUNK_WOULD_BREAK_SHARE.prometheus())
        .get("{carrier=\"Telco\",direction=\"OUTBOUND\",organization=\"Acme\",trunk_id=\"t0\"}"));
    assertEquals("1.0", samples(MetricNames.ALERTS_OPEN.prometheus()).get("{severity=\"CRITICAL\",type=\"DEPRECATED_ONLY\"}"));
    assertEquals("0.0", samples(MetricNames.ALERTS_OPEN.prometheus()).get("{severity=\"CRITICAL\",type=\"REGRESSION\"}"));
    assertEquals(Map.of("{direction=\"INBOUND\"}", "0.125"), samples(MetricNames.FLEET_DEPRECATED_SHARE.prometheus()));
    assertEquals(Map.of("{direction=\"INBOUND\"}", "0.0"), samples(MetricNames.FLEET_WOULD_BREAK_SHARE.prometheus()));
    assertEquals("1.0", samples(MetricNames.FLEET_CIPHER_SHARE.prometheus())
        .get("{cipher=\"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\",direction=\"INBOUND\"}"));
    assertEquals(4, samples(MetricNames.FLEET_TRUNKS.prometheus()).size());
  }

  @Test
  void seriesOfAPartitionThatMovedAwayDisappear() {
    loadTwoPartitions();
    StoreGauges gauges = new StoreGauges(registry, stores, 500);
    gauges.refresh();
    stores.owned.get(StoreNames.USAGE_LATEST).remove(1);
    stores.owned.get(StoreNames.ALERTS_LATEST).remove(1);
    stores.owned.get(StoreNames.FLEET_LATEST).remove(3);
    gauges.refresh();
    assertEquals(1, samples(MetricNames.TRUNK_DEPRECATED_SHARE.prometheus()).size());
    assertTrue(samples(MetricNames.TRUNK_DEPRECATED_SHARE.prometheus()).keySet().iterator().next().contains("t0"));
    assertEquals("0.0", samples(MetricNames.ALERTS_OPEN.prometheus()).get("{severity=\"WARNING\",type=\"PREFERS_DEPRECATED\"}"));
    assertTrue(samples(MetricNames.FLEET_DEPRECATED_SHARE.prometheus()).isEmpty());
    assertTrue(samples(MetricNames.FLEET_TRUNKS.prometheus()).isEmpty());
  }

  @Test
  void anOwnedPartitionThatIsMigratingKeepsItsLastRowsAndNeverThrows() {
    loadTwoPartitions();
    StoreGauges gauges = new StoreGauges(registry, stores, 500);
    gauges.refresh();
    stores.unreadable.add(1);
    gauges.refresh();
    assertEquals(2, samples(MetricNames.TRUNK_DEPRECATED_SHARE.prometheus()).size(), "partition 1 still owned: last rows kept");
    // A partition owned but never read successfully has nothing to show.
    stores.put(StoreNames.USAGE_LATEST, 2, usage("t2", Direction.INBOUND, 4, 4, 4, "C", "D"));
    stores.unreadable.add(2);
    gauges.refresh();
    assertEquals(2, samples(MetricNames.TRUNK_DEPRECATED_SHARE.prometheus()).size());
    // Once it moves away the kept rows go too.
    stores.owned.get(StoreNames.USAGE_LATEST).remove(1);
    gauges.refresh();
    assertEquals(1, samples(MetricNames.TRUNK_DEPRECATED_SHARE.prometheus()).size());
  }

  @Test
  void noMetadataMeansNoRowsButZeroAlerts() {
    loadTwoPartitions();
    StoreGauges gauges = new StoreGauges(registry, stores, 500);
    gauges.refresh();
    stores.listingFails = true;
    gauges.refresh();
    assertTrue(samples(MetricNames.TRUNK_DEPRECATED_SHARE.prometheus()).isEmpty());
    assertEquals(4, samples(MetricNames.ALERTS_OPEN.prometheus()).size());
    assertFalse(samples(MetricNames.ALERTS_OPEN.prometheus()).containsValue("1.0"));
  }

  @Test
  void capKeepsTheWorstTrunksOfThisInstance() {
    for (int i = 0; i < 20; i++) {
      stores.put(StoreNames.USAGE_LATEST, i, usage("t" + i, Direction.OUTBOUND, 20, i, 0, "O", "C"));
    }
    new StoreGauges(registry, stores, 3).refresh();
    Map<String, String> rows = samples(MetricNames.TRUNK_DEPRECATED_SHARE.prometheus());
    assertEquals(3, rows.size());
    assertEquals(Set.of("0.95", "0.9", "0.85"), new HashSet<>(rows.values()));
    assertEquals(3, samples(MetricNames.TRUNK_WOULD_BREAK_SHARE.prometheus()).size());
  }
}
