package io.cipherwatch.metrics;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The name of every meter cipherwatch registers, defined once: the code registers them from here and the tests
 * (including those that check the dashboards and alerting rules) read them from here. A name is the Micrometer
 * name; {@link Metric#prometheus()} is its Prometheus family name.
 */
public final class MetricNames {
  private MetricNames() {}

  /** How a meter is exported, which decides its Prometheus series names. */
  public enum Kind {
    COUNTER, GAUGE, TIMER
  }

  /** One meter: its Micrometer name and kind. */
  public record Metric(String name, Kind kind) {
    /**
     * The Prometheus family name: dots become underscores; counters end in {@code _total}, timers in
     * {@code _seconds}.
     */
    public String prometheus() {
      String base = name.replace('.', '_');
      return switch (kind) {
        case COUNTER -> base + "_total";
        case GAUGE -> base;
        case TIMER -> base + "_seconds";
      };
    }

    /** Every series name the family exports (a timer's histogram: bucket, count, sum and max). */
    public List<String> prometheusSeries() {
      String p = prometheus();
      return kind == Kind.TIMER ? List.of(p + "_bucket", p + "_count", p + "_sum", p + "_max") : List.of(p);
    }
  }

  public static final Metric HANDSHAKES = new Metric("cipherwatch.handshakes", Kind.COUNTER);
  public static final Metric HANDSHAKES_BY_CIPHER = new Metric("cipherwatch.handshakes.by.cipher", Kind.COUNTER);
  public static final Metric ALERT_TRANSITIONS = new Metric("cipherwatch.alert.transitions", Kind.COUNTER);
  public static final Metric DEAD_LETTERS = new Metric("cipherwatch.dead.letters", Kind.COUNTER);
  public static final Metric LATE_EVENTS = new Metric("cipherwatch.late.events", Kind.COUNTER);
  public static final Metric UNKNOWN_TRUNK_EVENTS = new Metric("cipherwatch.unknown.trunk.events", Kind.COUNTER);
  public static final Metric EVENT_LAG = new Metric("cipherwatch.event.lag", Kind.TIMER);
  public static final Metric FLEET_DEPRECATED_SHARE = new Metric("cipherwatch.fleet.deprecated.share", Kind.GAUGE);
  public static final Metric FLEET_WOULD_BREAK_SHARE =
      new Metric("cipherwatch.fleet.would.break.share", Kind.GAUGE);
  public static final Metric FLEET_CIPHER_SHARE = new Metric("cipherwatch.fleet.cipher.share", Kind.GAUGE);
  public static final Metric FLEET_TRUNKS = new Metric("cipherwatch.fleet.trunks", Kind.GAUGE);
  public static final Metric TRUNK_DEPRECATED_SHARE = new Metric("cipherwatch.trunk.deprecated.share", Kind.GAUGE);
  public static final Metric TRUNK_WOULD_BREAK_SHARE =
      new Metric("cipherwatch.trunk.would.break.share", Kind.GAUGE);
  public static final Metric ALERTS_OPEN = new Metric("cipherwatch.alerts.open", Kind.GAUGE);
  public static final Metric EMISSION_LAG = new Metric("cipherwatch.emission.lag.seconds", Kind.GAUGE);
  public static final Metric STREAMS_STATE = new Metric("cipherwatch.streams.state", Kind.GAUGE);
  public static final Metric READY = new Metric("cipherwatch.ready", Kind.GAUGE);
  public static final Metric REGISTRY_UNAVAILABLE = new Metric("cipherwatch.registry.unavailable", Kind.COUNTER);
  public static final Metric REGISTRY_WAITING_PARTITIONS =
      new Metric("cipherwatch.registry.waiting.partitions", Kind.GAUGE);
  public static final Metric PARKED_RECORDS = new Metric("cipherwatch.parked.records", Kind.GAUGE);
  /** A distribution summary in seconds: exported like a timer. */
  public static final Metric EDGE_CLOCK_AHEAD = new Metric("cipherwatch.edge.clock.ahead", Kind.TIMER);
  public static final Metric EDGE_CLOCK_SKEW = new Metric("cipherwatch.edge.clock.skew.seconds", Kind.GAUGE);

  public static final Metric READINESS_HANDSHAKES = new Metric("cipherwatch.readiness.handshakes", Kind.GAUGE);
  public static final Metric READINESS_WOULD_BREAK = new Metric("cipherwatch.readiness.would.break", Kind.GAUGE);
  public static final Metric READINESS_UNVERIFIED = new Metric("cipherwatch.readiness.unverified", Kind.GAUGE);
  public static final Metric READINESS_TRUNKS = new Metric("cipherwatch.readiness.trunks", Kind.GAUGE);
  public static final Metric READINESS_PENDING_PAIRS =
      new Metric("cipherwatch.readiness.pending.pairs", Kind.GAUGE);
  public static final Metric READINESS_PROJECTED_READY =
      new Metric("cipherwatch.readiness.projected.ready.timestamp.seconds", Kind.GAUGE);

  /** Every meter above. */
  public static final List<Metric> ALL = List.of(HANDSHAKES, HANDSHAKES_BY_CIPHER, ALERT_TRANSITIONS, DEAD_LETTERS,
      LATE_EVENTS, UNKNOWN_TRUNK_EVENTS, EVENT_LAG, FLEET_DEPRECATED_SHARE, FLEET_WOULD_BREAK_SHARE,
      FLEET_CIPHER_SHARE, FLEET_TRUNKS, TRUNK_DEPRECATED_SHARE, TRUNK_WOULD_BREAK_SHARE, ALERTS_OPEN, EMISSION_LAG,
      STREAMS_STATE, READY, REGISTRY_UNAVAILABLE, REGISTRY_WAITING_PARTITIONS, PARKED_RECORDS,
      EDGE_CLOCK_AHEAD, EDGE_CLOCK_SKEW, READINESS_HANDSHAKES, READINESS_WOULD_BREAK, READINESS_UNVERIFIED, READINESS_TRUNKS,
      READINESS_PROJECTED_READY, READINESS_PENDING_PAIRS);

  /** The Prometheus series names of every meter above. */
  public static Set<String> prometheusSeries() {
    Set<String> out = new LinkedHashSet<>();
    ALL.forEach(m -> out.addAll(m.prometheusSeries()));
    return out;
  }
}
