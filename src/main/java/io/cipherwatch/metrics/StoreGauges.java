package io.cipherwatch.metrics;

import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.DeprecationAlert;
import io.cipherwatch.avro.FleetUsage;
import io.cipherwatch.records.AlertEnums;
import io.cipherwatch.topology.StoreNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gauges read from the state stores: fleet shares and trunk counts ({@code fleet-latest}), per-trunk shares
 * ({@code usage-latest}) and open alerts ({@code alerts-latest}). {@link #refresh()} rebuilds every row from the
 * partitions this instance's ACTIVE tasks own; call it right before each scrape.
 *
 * <p>So that {@code sum}/{@code max} over instances is right, a partition is exported only by its active owner:
 * series of a partition that moved away disappear at the next refresh. A partition still owned but not queryable
 * for a moment (rebalance, restoration) keeps the rows of its last successful read, so a short rebalance does not
 * blank the gauges. A refresh never throws.
 */
public final class StoreGauges {
  private static final Logger LOG = LoggerFactory.getLogger(StoreGauges.class);

  private final PartitionedStores stores;
  private final int maxTrunkSeries;
  private final Map<String, Map<Integer, List<?>>> lastRead = new HashMap<>();
  private final GaugeFamily fleetDeprecated;
  private final GaugeFamily fleetWouldBreak;
  private final GaugeFamily fleetCipher;
  private final GaugeFamily fleetTrunks;
  private final GaugeFamily trunkDeprecated;
  private final GaugeFamily trunkWouldBreak;
  private final GaugeFamily alertsOpen;

  /**
   * Registers the gauges (no rows yet, except zero {@code alerts_open} rows after the first refresh).
   *
   * @param maxTrunkSeries cap on exported trunk windows ({@code cipherwatch.metrics.max-trunk-series})
   */
  public StoreGauges(MeterRegistry registry, PartitionedStores stores, int maxTrunkSeries) {
    this.stores = stores;
    this.maxTrunkSeries = maxTrunkSeries;
    fleetDeprecated = gauge(registry, MetricNames.FLEET_DEPRECATED_SHARE.name(),
        "Deprecated share of established handshakes in the latest closed fleet window");
    fleetWouldBreak = gauge(registry, MetricNames.FLEET_WOULD_BREAK_SHARE.name(),
        "Share of established handshakes that would break at removal (DEPRECATED_ONLY), latest fleet window");
    fleetCipher = gauge(registry, MetricNames.FLEET_CIPHER_SHARE.name(),
        "Each negotiated suite's share of established handshakes, latest fleet window");
    fleetTrunks = gauge(registry, MetricNames.FLEET_TRUNKS.name(), "Trunks by risk level, latest fleet window");
    trunkDeprecated = gauge(registry, MetricNames.TRUNK_DEPRECATED_SHARE.name(),
        "Deprecated share of a trunk's latest window (non-zero shares only, worst trunks first, capped)");
    trunkWouldBreak = gauge(registry, MetricNames.TRUNK_WOULD_BREAK_SHARE.name(),
        "Would-break share of a trunk's latest window (same trunks as cipherwatch_trunk_deprecated_share)");
    alertsOpen = gauge(registry, MetricNames.ALERTS_OPEN.name(), "Open deprecation-risk alerts by type and severity");
  }

  private static GaugeFamily gauge(MeterRegistry registry, String name, String description) {
    return new GaugeFamily(MultiGauge.builder(name).description(description).register(registry));
  }

  /** Re-reads the locally owned partitions and replaces every row. */
  public synchronized void refresh() {
    List<FleetUsage> fleet = read(StoreNames.FLEET_LATEST, f -> true);
    List<CipherUsage> usage = read(StoreNames.USAGE_LATEST, GaugeRows::atRisk);
    List<DeprecationAlert> alerts = read(StoreNames.ALERTS_LATEST, AlertEnums::isOpen);
    fleetDeprecated.set(GaugeRows.fleetDeprecatedShare(fleet));
    fleetWouldBreak.set(GaugeRows.fleetWouldBreakShare(fleet));
    fleetCipher.set(GaugeRows.fleetCipherShare(fleet));
    fleetTrunks.set(GaugeRows.fleetTrunks(fleet));
    List<CipherUsage> worst = GaugeRows.worstTrunks(usage, maxTrunkSeries);
    trunkDeprecated.set(GaugeRows.trunkDeprecatedShare(worst));
    trunkWouldBreak.set(GaugeRows.trunkWouldBreakShare(worst));
    alertsOpen.set(GaugeRows.alertsOpen(alerts));
  }

  /**
   * The values {@code keep} accepts of every locally active partition of {@code store} (only those are kept
   * between refreshes); see the class comment for failures.
   */
  @SuppressWarnings("unchecked")
  private <V> List<V> read(String store, Predicate<V> keep) {
    Map<Integer, List<?>> byPartition = lastRead.computeIfAbsent(store, s -> new HashMap<>());
    Set<Integer> owned;
    try {
      owned = stores.activePartitions(store);
    } catch (RuntimeException e) {
      LOG.warn("Cannot list the active partitions of {}; exporting none of its rows: {}", store, e.toString());
      byPartition.clear();
      return List.of();
    }
    byPartition.keySet().retainAll(owned);
    List<V> out = new ArrayList<>();
    for (int p : owned) {
      try {
        byPartition.put(p, stores.values(store, p, keep));
      } catch (InvalidStateStoreException e) {
        LOG.debug("{} partition {} not queryable now, keeping its last rows: {}", store, p, e.getMessage());
      } catch (RuntimeException e) {
        LOG.warn("Reading {} partition {} failed, keeping its last rows", store, p, e);
      }
      List<?> values = byPartition.get(p);
      if (values != null) {
        out.addAll((List<V>) values);
      }
    }
    return out;
  }
}
