package io.cipherwatch.simulate;

import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.HandshakeOutcome;
import io.cipherwatch.avro.TrunkMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Deterministic simulator of TLS handshakes on a fleet of SIP trunks. The fleet (organizations, trunks,
 * remote endpoint profiles, failover schedules, remediation times) is fixed by the spec and seed; each
 * {@link #next(long)} then draws one handshake: a trunk by traffic weight times its region's time-of-day
 * curve, a direction, and the outcome its current TLS profile negotiates against the platform edge.
 *
 * <p>Same spec, seed and sequence of {@code next} times give the same records, byte for byte; with the
 * same seed, turning faults off leaves every other record unchanged. Not thread-safe. The returned events
 * share immutable offer lists and must not be mutated.
 */
public final class FleetSimulator {

  private static final String TLS_1_2 = "TLSv1.2";
  private static final String HANDSHAKE_FAILURE = "handshake_failure";
  private static final String[] FAILURE_REASONS = {
    HANDSHAKE_FAILURE, "timeout", "certificate_unknown", "insufficient_security", "decrypt_error"
  };
  /** Cumulative shares of {@link #FAILURE_REASONS}. */
  private static final double[] FAILURE_CUMULATIVE = {0.35, 0.60, 0.80, 0.90, 1.0};
  private static final FaultKind[] FAULT_KINDS = FaultKind.values();
  /** Suites a CHOSEN_NOT_OFFERED fault reports; the first one absent from the offer is used. */
  private static final int[] NOT_OFFERED_CANDIDATES = {0x003D, 0xC028, 0x0035, 0xC014, 0x009C, 0x0005};
  private static final long MINUTE = 60_000L;

  private final FleetSpec spec;
  private final Fleet fleet;
  private final TrunkPlan[] plans;
  private final Rng rng;
  private final long idSaltHigh;
  private final long idSaltLow;
  private final double[] regionBase;
  private final double totalBase;
  private final AliasTable[] regionTable;
  private final int[][] regionTrunks;
  private final double[] regionCumulative;
  private long cachedMinute = Long.MIN_VALUE;
  private long sequence;

  /** Builds the fleet of {@code spec}; {@code seed} fixes the fleet and the event stream. */
  public FleetSimulator(FleetSpec spec, long seed) {
    this.spec = spec;
    this.fleet = new Fleet(spec, seed);
    this.plans = fleet.plans.toArray(new TrunkPlan[0]);
    this.rng = new Rng(Rng.mix(seed + 0x632BE59BD9B4E019L));
    this.idSaltHigh = Rng.mix(seed ^ 0x3C6EF372FE94F82BL);
    this.idSaltLow = Rng.mix(seed ^ 0xA54FF53A5F1D36F1L);
    int regions = Regions.NAMES.length;
    int[] counts = new int[regions];
    for (int r : fleet.region) {
      counts[r]++;
    }
    regionBase = new double[regions];
    regionTable = new AliasTable[regions];
    regionTrunks = new int[regions][];
    regionCumulative = new double[regions];
    double total = 0;
    for (int r = 0; r < regions; r++) {
      regionTrunks[r] = new int[counts[r]];
      double[] weights = new double[counts[r]];
      int k = 0;
      for (int t = 0; t < plans.length; t++) {
        if (fleet.region[t] == r) {
          regionTrunks[r][k] = t;
          weights[k++] = plans[t].weight();
          regionBase[r] += plans[t].weight();
        }
      }
      regionTable[r] = counts[r] == 0 ? null : new AliasTable(weights);
      total += regionBase[r];
    }
    totalBase = total;
  }

  /** The trunks, to publish to trunk-metadata (key = trunkId). Shared records: do not mutate. */
  public List<TrunkMetadata> trunks() {
    return fleet.trunks;
  }

  /** Ground truth per trunk, in the order of {@link #trunks()}. */
  public List<TrunkPlan> plans() {
    return fleet.plans;
  }

  /**
   * Relative fleet call volume at {@code eventTimeMillis}, in (0, 1]: the traffic-weighted time-of-day
   * curve over the trunks' regions. A caller pacing events in event time can scale its rate by it.
   */
  public double activity(long eventTimeMillis) {
    double sum = 0;
    for (int r = 0; r < regionBase.length; r++) {
      sum += regionBase[r] * Diurnal.weight(Regions.UTC_OFFSET_MINUTES[r], eventTimeMillis);
    }
    return sum / totalBase;
  }

  /**
   * Next simulated handshake at event time {@code eventTimeMillis} (the caller decides pacing: real time
   * for the demo, a fixed rate of event time for bench/replay files).
   */
  public SimulatedRecord next(long eventTimeMillis) {
    long seq = sequence++;
    int trunk = pickTrunk(eventTimeMillis);
    TrunkPlan plan = plans[trunk];
    Direction direction = rng.nextDouble() < plan.inboundShare() ? Direction.INBOUND : Direction.OUTBOUND;
    boolean viaSecondary = plan.onSecondary(eventTimeMillis);
    TlsProfile profile = plan.profile(direction, eventTimeMillis, viaSecondary);
    List<Integer> offer;
    Integer chosen;
    String address;
    String agent;
    String sni;
    if (direction == Direction.INBOUND) {
      offer = profile.offer(profile.usesGrease() ? rng.nextInt(EdgeTls.GREASE.length) : 0);
      chosen = profile.inboundChoice();
      address = viaSecondary ? fleet.addressSecondary[trunk] : fleet.addressInbound[trunk];
      agent = viaSecondary ? fleet.agentSecondary[trunk] : fleet.agentInbound[trunk];
      sni = null;
    } else {
      offer = EdgeTls.PLATFORM_OFFER;
      chosen = profile.outboundChoice();
      address = viaSecondary ? fleet.addressSecondary[trunk] : fleet.addressOutbound[trunk];
      agent = viaSecondary ? fleet.agentSecondary[trunk] : fleet.agentOutbound[trunk];
      sni = fleet.sni[trunk];
    }
    String edge = (rng.nextLong() & 3) == 0 ? fleet.edgeB[trunk] : fleet.edgeA[trunk];
    double failureDraw = rng.nextDouble();
    double faultDraw = rng.nextDouble();

    Integer negotiated = chosen;
    HandshakeOutcome outcome = HandshakeOutcome.ESTABLISHED;
    String reason = null;
    if (chosen == null) {
      outcome = HandshakeOutcome.FAILED;
      reason = HANDSHAKE_FAILURE;
    } else if (failureDraw < spec.failureRate()) {
      outcome = HandshakeOutcome.FAILED;
      negotiated = null;
      reason = failureReason(failureDraw / spec.failureRate());
    }
    String trunkId = plan.trunkId();
    HandshakeEvent event = new HandshakeEvent(eventId(seq), edge, trunkId, direction,
        Instant.ofEpochMilli(eventTimeMillis), TLS_1_2, offer, negotiated, outcome, reason, address, sni, agent,
        null);
    if (faultDraw < spec.faultRate()) {
      int kind = (int) (faultDraw / spec.faultRate() * FAULT_KINDS.length);
      return fault(event, chosen, FAULT_KINDS[Math.min(kind, FAULT_KINDS.length - 1)]);
    }
    return new SimulatedRecord(trunkId, event, null, null);
  }

  /** Region by base weight times its time-of-day curve (cached per minute), then trunk by weight. */
  private int pickTrunk(long eventTimeMillis) {
    long minute = Math.floorDiv(eventTimeMillis, MINUTE);
    int last = regionCumulative.length - 1;
    if (minute != cachedMinute) {
      long middle = minute * MINUTE + MINUTE / 2;
      double sum = 0;
      for (int r = 0; r <= last; r++) {
        sum += regionBase[r] * Diurnal.weight(Regions.UTC_OFFSET_MINUTES[r], middle);
        regionCumulative[r] = sum;
      }
      cachedMinute = minute;
    }
    double u = rng.nextDouble() * regionCumulative[last];
    int r = 0;
    while (r < last && (u >= regionCumulative[r] || regionTable[r] == null)) {
      r++;
    }
    while (regionTable[r] == null) {
      r--;
    }
    return regionTrunks[r][regionTable[r].sample(rng.nextLong())];
  }

  private String eventId(long seq) {
    return Rng.uuid(seq ^ idSaltHigh, seq + idSaltLow);
  }

  private static String failureReason(double u) {
    for (int i = 0; i < FAILURE_CUMULATIVE.length - 1; i++) {
      if (u < FAILURE_CUMULATIVE[i]) {
        return FAILURE_REASONS[i];
      }
    }
    return FAILURE_REASONS[FAILURE_REASONS.length - 1];
  }

  /** Breaks {@code event} the way {@code kind} says; {@code chosen} is what the profile would negotiate. */
  private static SimulatedRecord fault(HandshakeEvent event, Integer chosen, FaultKind kind) {
    String key = event.getTrunkId();
    switch (kind) {
      case UNDECODABLE -> {
        String json = "{\"eventId\":\"" + event.getEventId() + "\",\"trunkId\":\"" + key
            + "\",\"direction\":\"" + event.getDirection() + "\",\"timestamp\":" + event.getTimestamp().toEpochMilli()
            + ",\"negotiatedCipherSuite\":" + event.getNegotiatedCipherSuite() + "}";
        return new SimulatedRecord(key, null, json.getBytes(StandardCharsets.UTF_8), kind);
      }
      case BLANK_TRUNK_ID -> {
        key = "";
        event.setTrunkId(key);
      }
      case BLANK_EDGE_ID -> event.setEdgeId("");
      case EMPTY_OFFER -> {
        event.setOfferedCipherSuites(List.of());
        event.setNegotiatedCipherSuite(null);
        event.setOutcome(HandshakeOutcome.FAILED);
        event.setFailureReason("decode_error");
      }
      case ESTABLISHED_WITHOUT_CIPHER -> {
        event.setNegotiatedCipherSuite(null);
        event.setOutcome(HandshakeOutcome.ESTABLISHED);
        event.setFailureReason(null);
      }
      case CHOSEN_NOT_OFFERED -> {
        event.setNegotiatedCipherSuite(notOffered(event.getOfferedCipherSuites()));
        event.setOutcome(HandshakeOutcome.ESTABLISHED);
        event.setFailureReason(null);
      }
      case FAILED_WITH_CIPHER -> {
        event.setNegotiatedCipherSuite(chosen != null ? chosen : event.getOfferedCipherSuites().get(0));
        event.setOutcome(HandshakeOutcome.FAILED);
        event.setFailureReason(HANDSHAKE_FAILURE);
      }
    }
    return new SimulatedRecord(key, event, null, kind);
  }

  private static int notOffered(List<Integer> offer) {
    for (int candidate : NOT_OFFERED_CANDIDATES) {
      if (!offer.contains(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("every fault candidate suite is in the offer " + offer);
  }
}
