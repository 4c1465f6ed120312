package io.cipherwatch.metrics;

import io.cipherwatch.alerting.AlertType;
import io.cipherwatch.catalog.CipherCatalog;
import io.cipherwatch.health.RegistryHealth;
import io.cipherwatch.policy.Classification;
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

/**
 * Counts what the topology reports into Micrometer meters. Every meter used per event is resolved once and kept
 * in an array, so the per-event cost is an array read and an adder increment.
 */
public final class MicrometerTopologyMetrics implements TopologyMetrics {
  private static final String[] DIRECTIONS = {"INBOUND", "OUTBOUND"};

  private final MeterRegistry registry;
  private final CipherCatalog catalog = CipherCatalog.standard();
  private final Counter[][] handshakes = new Counter[2][Classification.values().length];
  private final Counter[][] byCipher = new Counter[2][0x10000];
  private final Counter[][] transitions = new Counter[AlertType.values().length][2];
  private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();
  private final Counter late;
  private final Counter unknownTrunk;
  private final Timer lag;
  private final RegistryHealth registryHealth = new RegistryHealth();
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
        handshakes[d][c.ordinal()] = Counter.builder("cipherwatch.handshakes")
            .description("Valid handshakes by direction and classification")
            .tags("direction", DIRECTIONS[d], "classification", c.name()).register(registry);
      }
    }
    for (AlertType t : AlertType.values()) {
      transitions[t.ordinal()][0] = transitionCounter(t, "OPEN");
      transitions[t.ordinal()][1] = transitionCounter(t, "RESOLVED");
    }
    late = Counter.builder("cipherwatch.late.events")
        .description("Valid events older than the newest closed window (not counted in usage)").register(registry);
    unknownTrunk = Counter.builder("cipherwatch.unknown.trunk.events")
        .description("Valid events for trunks without metadata").register(registry);
    lag = Timer.builder("cipherwatch.event.lag")
        .description("Event time (handshake) to processing time")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofHours(2))
        .register(registry);
    registryUnavailable = Counter.builder("cipherwatch.registry.unavailable")
        .description("Attempts to decode a record that found the schema registry unavailable (the record waits)")
        .register(registry);
    Gauge.builder("cipherwatch.registry.waiting.partitions", registryHealth, RegistryHealth::waitingPartitions)
        .description("Input partitions of this instance waiting for the schema registry").register(registry);
    Gauge.builder("cipherwatch.parked.records", registryHealth, RegistryHealth::parkedRecords)
        .description("Input records parked until the schema registry answers again").register(registry);
    clockAhead = DistributionSummary.builder("cipherwatch.edge.clock.ahead").baseUnit("seconds")
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
  public void parked(int partition, long parked) {
    registryHealth.parked(partition, parked);
  }

  private Counter transitionCounter(AlertType t, String state) {
    return Counter.builder("cipherwatch.alert.transitions").description("Alert transitions by type and state")
        .tags("type", t.name(), "state", state).register(registry);
  }

  @Override
  public void handshake(boolean inbound, Classification cls, int chosen) {
    int d = inbound ? 0 : 1;
    handshakes[d][cls.ordinal()].increment();
    if (chosen >= 0) {
      Counter c = byCipher[d][chosen];
      if (c == null) {
        c = Counter.builder("cipherwatch.handshakes.by.cipher")
            .description("Established handshakes by direction and negotiated suite (IANA name)")
            .tags("direction", DIRECTIONS[d], "cipher", catalog.ianaName(chosen)).register(registry);
        byCipher[d][chosen] = c;
      }
      c.increment();
    }
  }

  @Override
  public void deadLetter(String reason) {
    deadLetters.computeIfAbsent(reason, r -> Counter.builder("cipherwatch.dead.letters")
        .description("Records sent to the dead-letter topic, by reason").tag("reason", r).register(registry))
        .increment();
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
}
