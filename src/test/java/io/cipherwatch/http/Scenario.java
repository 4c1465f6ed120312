package io.cipherwatch.http;

import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.HandshakeOutcome;
import io.cipherwatch.avro.TrunkMetadata;
import io.cipherwatch.catalog.CipherCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Handshakes planned for an integration test, in one-minute windows aligned to the epoch (the ITs run with
 * {@code cipherwatch.usage.window.size=PT1M}, advance PT1M, {@code cipherwatch.alerts.resolve-after=PT1M}), and the
 * figures they must produce, computed independently of the topology: per-trunk shares of the latest window,
 * fleet figures of each direction's latest window, and the latest state of every alert.
 */
public final class Scenario {
  static final int CLEAN_IN = 0xC030;
  static final int CLEAN_OUT = 0xC02F;
  static final int DEPRECATED_ONLY = 0x003D;
  static final int PREFERRED_DEPRECATED = 0xC028;
  private static final CipherCatalog CATALOG = CipherCatalog.standard();

  enum Kind { CLEAN, DEPRECATED_ONLY, PREFERS_DEPRECATED, FAILED }

  /** One planned handshake. */
  record Planned(String trunk, Direction dir, Instant at, Kind kind, int chosen) {}

  /** Expected figures of a trunk's latest window. */
  public record TrunkWindow(long established, long deprecated, long wouldBreak) {
    public double deprecatedShare() {
      return established == 0 ? 0 : (double) deprecated / established;
    }

    public double wouldBreakShare() {
      return established == 0 ? 0 : (double) wouldBreak / established;
    }
  }

  /** Expected figures of a direction's latest fleet window. */
  public record FleetWindow(Instant windowEnd, long established, long deprecated, long wouldBreak,
      Map<String, Long> ciphers, Map<String, Long> trunksByRisk) {}

  /** First window start: ten minutes ago, so every window is long closed when the tick arrives. */
  public final Instant base;
  final List<Planned> events = new ArrayList<>();
  final Map<String, TrunkMetadata> metadata = new LinkedHashMap<>();
  /** "trunk|DIRECTION|TYPE" → OPEN or RESOLVED. */
  final Map<String, String> alerts = new TreeMap<>();
  private int seq;

  public Scenario(Instant now) {
    long minute = 60_000;
    this.base = Instant.ofEpochMilli(Math.floorDiv(now.minus(Duration.ofMinutes(10)).toEpochMilli(), minute) * minute);
  }

  /** The standard mix: every alert type but REGRESSION, a resolved alert, an unknown trunk, clean trunks. */
  public static Scenario standard(Instant now) {
    Scenario s = new Scenario(now);
    s.deprecatedOnly("t-dep-only", 2, 2);
    s.prefersDeprecated("t-prefers", 3, 1);
    s.failures("t-failing");
    s.resolved("t-resolved");
    s.clean("t-clean", Direction.INBOUND, 2);
    s.clean("t-unknown", Direction.OUTBOUND, 2);
    s.metadata.remove("t-unknown");
    return s;
  }

  /** {@code clean} clean then {@code deprecated} DEPRECATED_ONLY OUTBOUND handshakes in the first window. */
  public Scenario deprecatedOnly(String trunk, int clean, int deprecated) {
    return opening(trunk, Direction.OUTBOUND, clean, CLEAN_OUT, deprecated, Kind.DEPRECATED_ONLY, DEPRECATED_ONLY);
  }

  /** {@code clean} clean then {@code prefers} PREFERS_DEPRECATED INBOUND handshakes in the first window. */
  public Scenario prefersDeprecated(String trunk, int clean, int prefers) {
    return opening(trunk, Direction.INBOUND, clean, CLEAN_IN, prefers, Kind.PREFERS_DEPRECATED, PREFERRED_DEPRECATED);
  }

  /** {@code clean} clean handshakes from second 1, then {@code n} of {@code kind} from second 30: its alert opens. */
  private Scenario opening(String trunk, Direction dir, int clean, int cleanChosen, int n, Kind kind, int chosen) {
    meta(trunk);
    for (int i = 0; i < clean; i++) {
      plan(trunk, dir, 1 + i, Kind.CLEAN, cleanChosen);
    }
    for (int i = 0; i < n; i++) {
      plan(trunk, dir, 30 + i, kind, chosen);
    }
    alerts.put(trunk + "|" + dir + "|" + kind, "OPEN");
    return this;
  }

  /** One clean then three failed INBOUND handshakes: HANDSHAKE_FAILURES opens, shares stay 0. */
  public Scenario failures(String trunk) {
    meta(trunk);
    plan(trunk, Direction.INBOUND, 1, Kind.CLEAN, CLEAN_IN);
    for (int i = 0; i < 3; i++) {
      plan(trunk, Direction.INBOUND, 10 + i, Kind.FAILED, -1);
    }
    alerts.put(trunk + "|INBOUND|HANDSHAKE_FAILURES", "OPEN");
    return this;
  }

  /** A DEPRECATED_ONLY INBOUND handshake, then a clean one 70 s later (next window): the alert resolves. */
  public Scenario resolved(String trunk) {
    meta(trunk);
    plan(trunk, Direction.INBOUND, 5, Kind.DEPRECATED_ONLY, DEPRECATED_ONLY);
    plan(trunk, Direction.INBOUND, 75, Kind.CLEAN, CLEAN_IN);
    alerts.put(trunk + "|INBOUND|DEPRECATED_ONLY", "RESOLVED");
    return this;
  }

  /** {@code n} clean handshakes. */
  public Scenario clean(String trunk, Direction dir, int n) {
    meta(trunk);
    for (int i = 0; i < n; i++) {
      plan(trunk, dir, 1 + i, Kind.CLEAN, dir == Direction.INBOUND ? CLEAN_IN : CLEAN_OUT);
    }
    return this;
  }

  private void meta(String trunk) {
    int n = metadata.size();
    metadata.put(trunk, TrunkMetadata.newBuilder().setTrunkId(trunk).setTrunkName("Trunk " + trunk)
        .setOrganizationId("org-" + (n % 7)).setOrganizationName("Org " + (n % 7) + " Inc")
        .setTrunkType("BYOC_CLOUD").setCarrier("Carrier " + (char) ('A' + n % 3)).setRegion("us-east-1")
        .setContact("noc@org" + (n % 7) + ".example").setLabels(new HashMap<>()).build());
  }

  private void plan(String trunk, Direction dir, int second, Kind kind, int chosen) {
    events.add(new Planned(trunk, dir, base.plusSeconds(second), kind, chosen));
  }

  /**
   * The planned handshakes as Avro events in event-time order (as edges deliver them; a handshake sent after a
   * later one of its partition has closed its window would be LATE).
   */
  public List<HandshakeEvent> events() {
    List<Planned> ordered = new ArrayList<>(events);
    ordered.sort(Comparator.comparing(Planned::at));
    List<HandshakeEvent> out = new ArrayList<>();
    for (Planned p : ordered) {
      List<Integer> offer = switch (p.kind) {
        case PREFERS_DEPRECATED -> List.of(PREFERRED_DEPRECATED, CLEAN_IN);
        case FAILED -> List.of(CLEAN_OUT);
        default -> List.of(p.chosen);
      };
      out.add(HandshakeEvent.newBuilder()
          .setEventId("ev-" + (++seq)).setEdgeId("edge-1").setTrunkId(p.trunk).setDirection(p.dir)
          .setTimestamp(p.at).setProtocolVersion("TLSv1.2").setOfferedCipherSuites(offer)
          .setNegotiatedCipherSuite(p.kind == Kind.FAILED ? null : p.chosen)
          .setOutcome(p.kind == Kind.FAILED ? HandshakeOutcome.FAILED : HandshakeOutcome.ESTABLISHED)
          .setFailureReason(p.kind == Kind.FAILED ? "handshake_failure" : null)
          .build());
    }
    return out;
  }

  /** Trunk metadata to publish (the unknown trunk has none). */
  public Map<String, TrunkMetadata> metadata() {
    return metadata;
  }

  /** Every trunk with handshakes. */
  public List<String> trunks() {
    return events.stream().map(Planned::trunk).distinct().toList();
  }

  private static long window(Instant at) {
    return Math.floorDiv(at.toEpochMilli(), 60_000);
  }

  /** "trunk|DIRECTION" → figures of its latest window. */
  public Map<String, TrunkWindow> latestWindows() {
    Map<String, Long> latest = new HashMap<>();
    for (Planned p : events) {
      latest.merge(p.trunk + "|" + p.dir, window(p.at), Math::max);
    }
    Map<String, long[]> counts = new TreeMap<>();
    for (Planned p : events) {
      String key = p.trunk + "|" + p.dir;
      if (window(p.at) == latest.get(key)) {
        long[] c = counts.computeIfAbsent(key, k -> new long[3]);
        c[0] += p.kind == Kind.FAILED ? 0 : 1;
        c[1] += p.kind == Kind.DEPRECATED_ONLY || p.kind == Kind.PREFERS_DEPRECATED ? 1 : 0;
        c[2] += p.kind == Kind.DEPRECATED_ONLY ? 1 : 0;
      }
    }
    Map<String, TrunkWindow> out = new TreeMap<>();
    counts.forEach((k, c) -> out.put(k, new TrunkWindow(c[0], c[1], c[2])));
    return out;
  }

  /** The trunk windows the per-trunk gauges must show: non-zero shares, worst first, at most {@code cap}. */
  public Map<String, TrunkWindow> exportedTrunks(int cap) {
    List<Map.Entry<String, TrunkWindow>> atRisk = new ArrayList<>();
    for (Map.Entry<String, TrunkWindow> e : latestWindows().entrySet()) {
      if (e.getValue().deprecated() > 0) {
        atRisk.add(e);
      }
    }
    atRisk.sort(Comparator.<Map.Entry<String, TrunkWindow>>comparingDouble(e -> -e.getValue().wouldBreakShare())
        .thenComparingDouble(e -> -e.getValue().deprecatedShare())
        .thenComparingLong(e -> -e.getValue().deprecated())
        .thenComparing(Map.Entry::getKey));
    Map<String, TrunkWindow> out = new TreeMap<>();
    atRisk.stream().limit(cap).forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** Organization label of a trunk ("unknown" without metadata). */
  public String organization(String trunk) {
    TrunkMetadata m = metadata.get(trunk);
    return m == null ? "unknown" : m.getOrganizationName();
  }

  /** Carrier label of a trunk ("unknown" without metadata). */
  public String carrier(String trunk) {
    TrunkMetadata m = metadata.get(trunk);
    return m == null ? "unknown" : m.getCarrier();
  }

  /** "TYPE" → number of OPEN alerts, every type present. */
  public Map<String, Integer> openAlerts() {
    Map<String, Integer> out = new TreeMap<>();
    for (io.cipherwatch.avro.AlertType t : io.cipherwatch.avro.AlertType.values()) {
      out.put(t.name(), 0);
    }
    alerts.forEach((k, state) -> {
      if (state.equals("OPEN")) {
        out.merge(k.substring(k.lastIndexOf('|') + 1), 1, Integer::sum);
      }
    });
    return out;
  }

  /** "trunk|DIRECTION|TYPE" → OPEN or RESOLVED. */
  public Map<String, String> alertStates() {
    return alerts;
  }

  /** Direction name → figures of its latest fleet window. */
  public Map<String, FleetWindow> fleet() {
    Map<Direction, Long> latest = new HashMap<>();
    for (Planned p : events) {
      latest.merge(p.dir, window(p.at), Math::max);
    }
    Map<String, FleetWindow> out = new TreeMap<>();
    for (Map.Entry<Direction, Long> e : latest.entrySet()) {
      long established = 0;
      long deprecated = 0;
      long wouldBreak = 0;
      Map<String, Long> ciphers = new TreeMap<>();
      Map<String, String> risk = new TreeMap<>();
      for (Planned p : events) {
        if (p.dir != e.getKey() || window(p.at) != e.getValue()) {
          continue;
        }
        risk.putIfAbsent(p.trunk, "CLEAN");
        if (p.kind != Kind.FAILED) {
          established++;
          ciphers.merge(CATALOG.ianaName(p.chosen), 1L, Long::sum);
        }
        if (p.kind == Kind.DEPRECATED_ONLY) {
          deprecated++;
          wouldBreak++;
          risk.put(p.trunk, "CRITICAL");
        } else if (p.kind == Kind.PREFERS_DEPRECATED) {
          deprecated++;
          risk.computeIfPresent(p.trunk, (t, r) -> r.equals("CRITICAL") ? r : "WARNING");
        }
      }
      Map<String, Long> byRisk = new TreeMap<>(Map.of("CRITICAL", 0L, "WARNING", 0L, "INFO", 0L, "CLEAN", 0L));
      risk.values().forEach(r -> byRisk.merge(r, 1L, Long::sum));
      out.put(e.getKey().name(), new FleetWindow(Instant.ofEpochMilli((e.getValue() + 1) * 60_000), established,
          deprecated, wouldBreak, ciphers, byRisk));
    }
    return out;
  }
}
