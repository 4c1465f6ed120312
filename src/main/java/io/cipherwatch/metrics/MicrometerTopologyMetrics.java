package io.cipherwatch.metrics;

import io.cipherwatch.alerting.AlertType;
import io.cipherwatch.catalog.CipherCatalog;
import io.cipherwatch.health.RegistryHealth;
import io.cipherwatch.policy.Classification;
import io.cipherwatch.policy.DeadLetterReason;
import io.cipherwatch.topology.TopologyMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts what the topology reports into Micrometer meters. Every meter used per event is resolved once and kept
 * in an array, so the per-event cost is an array read and an adder increment.
 */
public final class MicrometerTopologyMetrics implements TopologyMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(MicrometerTopologyMetrics.class);
  private static final String[] DIRECTIONS = {"INBOUND", "OUTBOUND"};
  /**
   * The {@code cipher} label of every negotiated code outside the catalog's assigned suites, so a peer sending
   * arbitrary codes cannot create up to 2 × 65,536 series.
   */
  public static final String OTHER_CIPHER = "other";

  private final MeterRegistry registry;
  private final CipherCatalog catalog = CipherCatalog.standard();
  private final Counter[][] handshakes = new Counter[2][Classification.values().length];
  private final Counter[][] byCipher = new Counter[2][0x10000];
  private final Counter[][] transitions = new Counter[AlertType.values().length][2];
  /** By reason ordinal, registered on first use (so only reasons that occurred have a series). */
  private final Counter[] deadLetters = new Counter[DeadLetterReason.values().length];
  private final Counter late;
  private final Counter unknownTrunk;
  private final Timer lag;
  /** Newest closed window end by input partition of the tasks on this instance, with their lag gauges. */
  private final Map<Integer, AtomicLong> closedEnds = new ConcurrentHashMap<>();
  private final Map<Integer, Gauge> emissionLag = new ConcurrentHashMap<>();
  private final RegistryHealth registryHealth = new RegistryHealth();
  /** Pairs waiting to be judged for removal readiness, by input partition of this instance's tasks. */
  private final Map<Integer, Integer> readinessPending = new ConcurrentHashMap<>();
  private final Counter registryUnavailable;
  private final DistributionSummary clockAhead;
  private final EdgeSkewGauges edgeSkew;

  /** Meters in {@code registry}, with per-edge clock-skew gauges for at most 20 edges. */
  public MicrometerTopologyMetrics(MeterRegistry registry) {
    this(registry, 20);
  }

  /** Meters in {@code registry}, with per-edge clock-skew gauges for at most {@code maxEdgeSeries} edges. */
  public MicrometerTopologyMetrics(MeterRegistry registry, int maxEdgeSeries) {
    this.registry = registry;
    for (int d = 0; d < 2; d++) {
      for (Classification c : Classification.values()) {
        handshakes[d][c.ordinal()] = Counter.builder(MetricNames.HANDSHAKES.name())
            .description("Valid handshakes by direction and classification")
            .tags("direction", DIRECTIONS[d], "classification", c.name()).register(registry);
      }
    }
    for (AlertType t : AlertType.values()) {
      transitions[t.ordinal()][0] = transitionCounter(t, "OPEN");
      transitions[t.ordinal()][1] = transitionCounter(t, "RESOLVED");
    }
    late = Counter.builder(MetricNames.LATE_EVENTS.name())
        .description("Valid events older than the newest closed window (not counted in usage)").register(registry);
    unknownTrunk = Counter.builder(MetricNames.UNKNOWN_TRUNK_EVENTS.name())
        .description("Valid events for trunks without metadata").register(registry);
    lag = Timer.builder(MetricNames.EVENT_LAG.name())
        .description("Event time (handshake) to processing time")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofHours(2))
        .register(registry);
    registryUnavailable = Counter.builder(MetricNames.REGISTRY_UNAVAILABLE.name())
        .description("Attempts to decode a record that found the schema registry unavailable (the record waits)")
        .register(registry);
    Gauge.builder(MetricNames.REGISTRY_WAITING_PARTITIONS.name(), registryHealth, RegistryHealth::waitingPartitions)
        .description("Input partitions of this instance waiting for the schema registry").register(registry);
    Gauge.builder(MetricNames.PARKED_RECORDS.name(), registryHealth, RegistryHealth::parkedRecords)
        .description("Input records parked until the schema registry answers again").register(registry);
    Gauge.builder(MetricNames.READINESS_PENDING_PAIRS.name(), readinessPending,
            m -> m.values().stream().mapToInt(Integer::intValue).sum())
        .description("(trunk, direction) pairs waiting to be judged for the removal-readiness topic")
        .register(registry);
    clockAhead = DistributionSummary.builder(MetricNames.EDGE_CLOCK_AHEAD.name()).baseUnit("seconds")
        .description("How far ahead of the wall clock event times are, for events stamped ahead of it")
        .publishPercentileHistogram().minimumExpectedValue(0.001).maximumExpectedValue(86_400.0)
        .register(registry);
    edgeSkew = new EdgeSkewGauges(registry, maxEdgeSeries);
  }

  /** Whether this instance waits for the schema registry (for {@code /ready}). */
  public RegistryHealth registryHealth() {
    return registryHealth;
  }

  /** Publishes the per-edge clock-skew gauges gathered since the last call; call before each scrape. */
  public void refresh() {
    edgeSkew.publish();
  }

  @Override
  public void clockSkew(String edgeId, long skewMillis) {
    if (skewMillis > 0) {
      clockAhead.record(skewMillis / 1000.0);
    }
    edgeSkew.record(edgeId, skewMillis);
  }

  @Override
  public void registryUnavailable() {
    registryUnavailable.increment();
  }

  @Override
  public void registryMisconfigured(String message) {
    registryUnavailable.increment();
    if (!message.equals(registryHealth.configurationError())) {
      LOG.error("The schema registry refuses this instance: {} (records wait; /health fails until it answers)",
          message);
    }
    registryHealth.misconfigured(message);
  }

  @Override
  public void readinessPending(int partition, int pairs) {
    if (pairs == 0) {
      readinessPending.remove(partition);
    } else {
      readinessPending.put(partition, pairs);
    }
  }

  @Override
  public void parked(int partition, long parked) {
    registryHealth.parked(partition, parked);
  }

  private Counter transitionCounter(AlertType t, String state) {
    return Counter.builder(MetricNames.ALERT_TRANSITIONS.name()).description("Alert transitions by type and state")
        .tags("type", t.name(), "state", state).register(registry);
  }

  @Override
  public void handshake(boolean inbound, Classification cls, int chosen) {
    int d = inbound ? 0 : 1;
    handshakes[d][cls.ordinal()].increment();
    if (chosen >= 0) {
      Counter c = byCipher[d][chosen];
      if (c == null) {
        c = Counter.builder(MetricNames.HANDSHAKES_BY_CIPHER.name())
            .description("Established handshakes by direction and negotiated suite (IANA name; \"other\" outside the"
                + " registry)")
            .tags("direction", DIRECTIONS[d], "cipher", cipherLabel(chosen)).register(registry);
        byCipher[d][chosen] = c;
      }
      c.increment();
    }
  }

  private String cipherLabel(int code) {
    return catalog.byCode(code).assigned() ? catalog.ianaName(code) : OTHER_CIPHER;
  }

  @Override
  public void deadLetter(DeadLetterReason reason) {
    Counter c = deadLetters[reason.ordinal()];
    if (c == null) {
      c = Counter.builder(MetricNames.DEAD_LETTERS.name())
          .description("Records sent to the dead-letter topic, by reason").tag("reason", reason.name())
          .register(registry);
      deadLetters[reason.ordinal()] = c;
    }
    c.increment();
  }

  @Override
  public void late() {
    late.increment();
  }

  @Override
  public void unknownTrunk() {
    unknownTrunk.increment();
  }

  @Override
  public void eventLag(long millis) {
    lag.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
  }

  @Override
  public void alertTransition(AlertType type, boolean open) {
    transitions[type.ordinal()][open ? 0 : 1].increment();
  }

  @Override
  public void windowsClosed(int partition, long closedEnd) {
    AtomicLong end = closedEnds.get(partition);
    if (end == null) {
      AtomicLong fresh = new AtomicLong(closedEnd);
      end = closedEnds.computeIfAbsent(partition, p -> fresh);
      emissionLag.computeIfAbsent(partition, p -> Gauge.builder(MetricNames.EMISSION_LAG.name(), fresh,
              e -> e.get() == Long.MIN_VALUE ? Double.NaN : (System.currentTimeMillis() - e.get()) / 1000.0)
          .description("Wall clock minus the end of the newest window this input partition's task has closed")
          .tag("partition", Integer.toString(p)).register(registry));
    }
    end.set(closedEnd);
  }

  @Override
  public void partitionReleased(int partition) {
    closedEnds.remove(partition);
    Gauge g = emissionLag.remove(partition);
    if (g != null) {
      registry.remove(g);
    }
  }
}
