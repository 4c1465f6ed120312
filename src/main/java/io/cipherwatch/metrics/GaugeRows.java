package io.cipherwatch.metrics;

import io.cipherwatch.alerting.AlertType;
import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.DeprecationAlert;
import io.cipherwatch.avro.FleetUsage;
import io.cipherwatch.records.AlertEnums;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the latest store values into gauge rows (tags and value). Pure functions: the caller decides which
 * values are this instance's to export.
 */
public final class GaugeRows {
  /** Label value for a trunk without metadata (Prometheus drops empty label values). */
  public static final String UNKNOWN = "unknown";

  /** One gauge row. */
  public record Sample(Tags tags, double value) {}

  /**
   * Worst trunk windows first: would-break share, then deprecated share, then deprecated handshakes (more
   * traffic at risk), all descending; trunk id and direction break ties.
   */
  public static final Comparator<CipherUsage> WORST_FIRST = Comparator
      .comparingDouble(CipherUsage::getWouldBreakShare).reversed()
      .thenComparing(Comparator.comparingDouble(CipherUsage::getDeprecatedShare).reversed())
      .thenComparing(Comparator.comparingLong(CipherUsage::getDeprecatedHandshakes).reversed())
      .thenComparing(CipherUsage::getTrunkId)
      .thenComparing(u -> u.getDirection().name());

  private static final String[] RISK_LEVELS = {"CRITICAL", "WARNING", "INFO", "CLEAN"};

  private GaugeRows() {}

  /** The newest window per direction (one per direction is expected; the newer wins if two owners overlap). */
  public static Collection<FleetUsage> latestPerDirection(Collection<FleetUsage> fleet) {
    Map<String, FleetUsage> byDirection = new TreeMap<>();
    for (FleetUsage f : fleet) {
      byDirection.merge(f.getDirection().name(), f,
          (a, b) -> b.getWindowEnd().isAfter(a.getWindowEnd()) ? b : a);
    }
    return byDirection.values();
  }

  /** {@code cipherwatch_fleet_deprecated_share{direction}}. */
  public static List<Sample> fleetDeprecatedShare(Collection<FleetUsage> fleet) {
    List<Sample> out = new ArrayList<>();
    for (FleetUsage f : latestPerDirection(fleet)) {
      out.add(new Sample(Tags.of("direction", f.getDirection().name()), f.getDeprecatedShare()));
    }
    return out;
  }

  /** {@code cipherwatch_fleet_would_break_share{direction}}. */
  public static List<Sample> fleetWouldBreakShare(Collection<FleetUsage> fleet) {
    List<Sample> out = new ArrayList<>();
    for (FleetUsage f : latestPerDirection(fleet)) {
      out.add(new Sample(Tags.of("direction", f.getDirection().name()), f.getWouldBreakShare()));
    }
    return out;
  }

  /**
   * {@code cipherwatch_fleet_cipher_share{direction,cipher}}: each negotiated suite's share of the established
   * handshakes; nothing for a window without established handshakes.
   */
  public static List<Sample> fleetCipherShare(Collection<FleetUsage> fleet) {
    List<Sample> out = new ArrayList<>();
    for (FleetUsage f : latestPerDirection(fleet)) {
      long established = f.getEstablishedHandshakes();
      if (established <= 0) {
        continue;
      }
      for (Map.Entry<String, Long> e : new TreeMap<>(f.getCipherCounts()).entrySet()) {
        out.add(new Sample(Tags.of("direction", f.getDirection().name(), "cipher", e.getKey()),
            (double) e.getValue() / established));
      }
    }
    return out;
  }

  /** {@code cipherwatch_fleet_trunks{direction,risk_level}}: every risk level, zeros included. */
  public static List<Sample> fleetTrunks(Collection<FleetUsage> fleet) {
    List<Sample> out = new ArrayList<>();
    for (FleetUsage f : latestPerDirection(fleet)) {
      long[] counts = {f.getCriticalTrunks(), f.getWarningTrunks(), f.getInfoTrunks(), f.getCleanTrunks()};
      for (int i = 0; i < RISK_LEVELS.length; i++) {
        out.add(new Sample(Tags.of("direction", f.getDirection().name(), "risk_level", RISK_LEVELS[i]), counts[i]));
      }
    }
    return out;
  }

  /**
   * The trunk windows to export: those with a non-zero deprecated or would-break share, worst first
   * ({@link #WORST_FIRST}), at most {@code cap}.
   */
  public static List<CipherUsage> worstTrunks(Collection<CipherUsage> usage, int cap) {
    List<CipherUsage> atRisk = new ArrayList<>();
    for (CipherUsage u : usage) {
      if (atRisk(u)) {
        atRisk.add(u);
      }
    }
    atRisk.sort(WORST_FIRST);
    return atRisk.size() > cap ? List.copyOf(atRisk.subList(0, cap)) : atRisk;
  }

  /** Whether a trunk window has a non-zero deprecated or would-break share (only those get trunk gauges). */
  public static boolean atRisk(CipherUsage u) {
    return u.getDeprecatedShare() > 0 || u.getWouldBreakShare() > 0;
  }

  /** {@code cipherwatch_trunk_deprecated_share{trunk_id,direction,organization,carrier}} of selected windows. */
  public static List<Sample> trunkDeprecatedShare(List<CipherUsage> selected) {
    List<Sample> out = new ArrayList<>(selected.size());
    for (CipherUsage u : selected) {
      out.add(new Sample(trunkTags(u), u.getDeprecatedShare()));
    }
    return out;
  }

  /** {@code cipherwatch_trunk_would_break_share{…}} of selected windows (0 when only the remote's choice is at risk). */
  public static List<Sample> trunkWouldBreakShare(List<CipherUsage> selected) {
    List<Sample> out = new ArrayList<>(selected.size());
    for (CipherUsage u : selected) {
      out.add(new Sample(trunkTags(u), u.getWouldBreakShare()));
    }
    return out;
  }

  /** The labels of a trunk window; a missing organization or carrier is {@value #UNKNOWN}. */
  public static Tags trunkTags(CipherUsage u) {
    return Tags.of("trunk_id", u.getTrunkId(), "direction", u.getDirection().name(),
        "organization", orUnknown(u.getOrganizationName()), "carrier", orUnknown(u.getCarrier()));
  }

  /** {@code cipherwatch_alerts_open{type,severity}}: OPEN entries per type, 0 for a type without any. */
  public static List<Sample> alertsOpen(Collection<DeprecationAlert> latest) {
    Map<AlertType, Integer> open = new LinkedHashMap<>();
    for (AlertType t : AlertType.values()) {
      open.put(t, 0);
    }
    for (DeprecationAlert a : latest) {
      if (AlertEnums.isOpen(a)) {
        open.merge(AlertEnums.type(a), 1, Integer::sum);
      }
    }
    List<Sample> out = new ArrayList<>();
    open.forEach((t, n) -> out.add(new Sample(Tags.of("type", t.name(), "severity", t.severity().name()), n)));
    return out;
  }

  private static String orUnknown(String s) {
    return s == null || s.isEmpty() ? UNKNOWN : s;
  }
}
