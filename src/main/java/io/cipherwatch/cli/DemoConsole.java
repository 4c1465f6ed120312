package io.cipherwatch.cli;

import io.cipherwatch.alerting.AlertType;
import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.DeprecationAlert;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.FleetUsage;
import io.cipherwatch.avro.RiskLevel;
import io.cipherwatch.metrics.MetricNames;
import io.cipherwatch.records.AlertEnums;
import io.cipherwatch.topology.StoreNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The demo's live console summary: {@link #collect} reads the processor's query stores ({@code fleet-latest},
 * {@code usage-latest}, {@code alerts-latest}) and Micrometer counters into a {@link Snapshot};
 * {@link #render} turns a snapshot into a block of text readable at a glance.
 */
final class DemoConsole {
  private static final int TOP = 5;
  private static final RiskLevel[] RISK_ORDER = {RiskLevel.CRITICAL, RiskLevel.WARNING, RiskLevel.INFO,
      RiskLevel.CLEAN};
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
  private static final Comparator<CipherUsage> WORST_FIRST = Comparator
      .comparing(CipherUsage::getRiskLevel).reversed()
      .thenComparing(Comparator.comparingDouble(CipherUsage::getWouldBreakShare).reversed())
      .thenComparing(Comparator.comparingDouble(CipherUsage::getDeprecatedShare).reversed())
      .thenComparing(Comparator.comparingLong(CipherUsage::getHandshakes).reversed())
      .thenComparing(CipherUsage::getTrunkId);

  private DemoConsole() {}

  /**
   * What the console shows at one moment.
   *
   * @param uptime since the demo started
   * @param sent handshakes the simulator published
   * @param sendErrors records the broker did not acknowledge
   * @param processed valid handshakes the processor counted
   * @param processedPerSecond rate of {@code processed} since the previous snapshot
   * @param deadLetters records sent to the dead-letter topic
   * @param fleet latest fleet window per direction (empty before the first window closes)
   * @param trunksByRisk trunks by their worst risk level in their latest window
   * @param openAlerts open alerts by type
   * @param resolvedAlerts alerts resolved so far (latest transition RESOLVED)
   * @param topAtRisk worst trunks first, one row (its worst direction) per trunk, at most five
   * @param storesNote why the stores could not be read (e.g. rebalancing), or null
   */
  record Snapshot(Instant at, Duration uptime, long sent, long sendErrors, long processed,
      double processedPerSecond, long deadLetters, Map<Direction, FleetUsage> fleet,
      Map<RiskLevel, Integer> trunksByRisk, Map<AlertType, Integer> openAlerts, int resolvedAlerts,
      List<CipherUsage> topAtRisk, String storesNote) {

    int openTotal() {
      return openAlerts.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** Sum of every counter named {@code name}, whatever its tags. */
  /** Valid handshakes processed by this instance so far. */
  static long handshakesTotal(MeterRegistry registry) {
    return counterTotal(registry, MetricNames.HANDSHAKES.name());
  }

  /** Records this instance sent to the dead-letter topic so far. */
  static long deadLettersTotal(MeterRegistry registry) {
    return counterTotal(registry, MetricNames.DEAD_LETTERS.name());
  }

  static long counterTotal(MeterRegistry registry, String name) {
    double sum = 0;
    for (Counter c : registry.find(name).counters()) {
      sum += c.count();
    }
    return (long) sum;
  }

  /**
   * Reads the stores of {@code streams}; a store that cannot be read right now (the instance is starting or
   * rebalancing) leaves its part empty and sets {@link Snapshot#storesNote()}.
   *
   * @param windowMillis window size: usage rows older than one window before the newest are not current
   */
  static Snapshot collect(KafkaStreams streams, long windowMillis, Instant at, Duration uptime, long sent,
      long sendErrors, long processed, double processedPerSecond, long deadLetters) {
    Map<Direction, FleetUsage> fleet = new EnumMap<>(Direction.class);
    Map<RiskLevel, Integer> byRisk = new EnumMap<>(RiskLevel.class);
    Map<AlertType, Integer> open = new EnumMap<>(AlertType.class);
    for (RiskLevel l : RiskLevel.values()) {
      byRisk.put(l, 0);
    }
    for (AlertType t : AlertType.values()) {
      open.put(t, 0);
    }
    int resolved = 0;
    List<CipherUsage> top = new ArrayList<>();
    String note = null;
    try {
      for (KeyValue<String, FleetUsage> kv : DemoConsole.<FleetUsage>all(streams, StoreNames.FLEET_LATEST)) {
        fleet.put(kv.value.getDirection(), kv.value);
      }
      List<CipherUsage> usage = new ArrayList<>();
      long newestEnd = Long.MIN_VALUE;
      for (KeyValue<String, CipherUsage> kv : DemoConsole.<CipherUsage>all(streams, StoreNames.USAGE_LATEST)) {
        usage.add(kv.value);
        newestEnd = Math.max(newestEnd, kv.value.getWindowEnd().toEpochMilli());
      }
      Map<String, CipherUsage> worstByTrunk = new HashMap<>();
      for (CipherUsage u : usage) {
        if (u.getWindowEnd().toEpochMilli() >= newestEnd - windowMillis) {
          worstByTrunk.merge(u.getTrunkId(), u, (a, b) -> WORST_FIRST.compare(a, b) <= 0 ? a : b);
        }
      }
      for (CipherUsage u : worstByTrunk.values()) {
        byRisk.merge(u.getRiskLevel(), 1, Integer::sum);
      }
      worstByTrunk.values().stream().filter(u -> u.getRiskLevel() != RiskLevel.CLEAN).sorted(WORST_FIRST)
          .limit(TOP).forEach(top::add);
      for (KeyValue<String, DeprecationAlert> kv : DemoConsole.<DeprecationAlert>all(streams,
          StoreNames.ALERTS_LATEST)) {
        if (AlertEnums.isOpen(kv.value)) {
          open.merge(AlertEnums.type(kv.value), 1, Integer::sum);
        } else {
          resolved++;
        }
      }
    } catch (InvalidStateStoreException e) {
      note = "stores not queryable right now (" + streams.state() + "), retrying at the next summary";
    }
    return new Snapshot(at, uptime, sent, sendErrors, processed, processedPerSecond, deadLetters, fleet, byRisk,
        open, resolved, top, note);
  }

  private static <V> List<KeyValue<String, V>> all(KafkaStreams streams, String store) {
    ReadOnlyKeyValueStore<String, V> s = streams.store(
        StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore()));
    List<KeyValue<String, V>> out = new ArrayList<>();
    try (KeyValueIterator<String, V> it = s.all()) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  /**
   * The summary block.
   *
   * @param baseUrl where the API is, e.g. {@code http://localhost:8080}
   * @param managementUrl where /metrics is, e.g. {@code http://localhost:8081}
   * @param zone time zone of the clock and window times
   */
  static String render(Snapshot s, String baseUrl, String managementUrl, ZoneId zone) {
    StringBuilder b = new StringBuilder(1024);
    String head = "== cipherwatch demo | " + CLOCK.format(s.at().atZone(zone)) + " | up "
        + DurationConverter.format(s.uptime()) + " ";
    b.append(head).append("=".repeat(Math.max(3, 88 - head.length()))).append('\n');
    b.append(String.format(Locale.ROOT, "Handshakes   %,d processed (%,.0f/s)  |  %,d sent  |  dead letters %,d",
        s.processed(), s.processedPerSecond(), s.sent(), s.deadLetters()));
    if (s.sendErrors() > 0) {
      b.append(String.format(Locale.ROOT, "  |  send errors %,d", s.sendErrors()));
    }
    b.append('\n');
    if (s.fleet().isEmpty()) {
      b.append("Fleet        no window has closed yet\n");
    } else {
      FleetUsage any = s.fleet().values().iterator().next();
      b.append("Fleet        window ").append(time(any.getWindowStart(), zone)).append('-')
          .append(time(any.getWindowEnd(), zone)).append('\n');
      for (Direction d : Direction.values()) {
        FleetUsage f = s.fleet().get(d);
        if (f != null) {
          b.append(String.format(Locale.ROOT,
              "  %-9s deprecated %5.1f%%   would-break %5.1f%%   %,7d established   %,4d trunks%n", d,
              f.getDeprecatedShare() * 100, f.getWouldBreakShare() * 100, f.getEstablishedHandshakes(),
              f.getTrunks()));
        }
      }
    }
    b.append("Trunks       ");
    for (int i = 0; i < RISK_ORDER.length; i++) {
      b.append(i == 0 ? "" : "  |  ").append(RISK_ORDER[i]).append(' ').append(s.trunksByRisk().get(RISK_ORDER[i]));
    }
    b.append('\n');
    b.append("Open alerts  ").append(s.openTotal()).append(" open:");
    for (AlertType t : AlertType.values()) {
      b.append("  ").append(t).append(' ').append(s.openAlerts().get(t));
    }
    b.append("  (").append(s.resolvedAlerts()).append(" resolved)\n");
    if (!s.topAtRisk().isEmpty()) {
      b.append("Top at-risk  risk      direction  would-break  deprecated   trunk -- organization, carrier\n");
      for (CipherUsage u : s.topAtRisk()) {
        b.append(String.format(Locale.ROOT, "  %-10s %-9s %-11s%10.1f%%  %9.1f%%   %s -- %s, %s%n", "",
            u.getRiskLevel(), u.getDirection(), u.getWouldBreakShare() * 100, u.getDeprecatedShare() * 100,
            orDash(u.getTrunkName()), orDash(u.getOrganizationName()), orDash(u.getCarrier())));
      }
    }
    if (s.storesNote() != null) {
      b.append("Note         ").append(s.storesNote()).append('\n');
    }
    String trunk = s.topAtRisk().isEmpty() ? "{trunkId}" : s.topAtRisk().get(0).getTrunkId();
    b.append("Metrics      ").append(managementUrl).append("/metrics\n");
    b.append("API          ").append(baseUrl).append("/api/fleet   ").append(baseUrl).append("/api/alerts   ")
        .append(baseUrl).append("/api/trunks/").append(trunk).append('\n');
    return b.toString();
  }

  private static String time(Instant t, ZoneId zone) {
    return LocalTime.ofInstant(t, zone).format(CLOCK);
  }

  private static String orDash(String s) {
    return s == null || s.isBlank() ? "-" : s;
  }

}
