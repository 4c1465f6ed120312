package io.cipherwatch.replay;

import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.HandshakeOutcome;
import io.cipherwatch.avro.TrunkMetadata;
import io.cipherwatch.catalog.CipherCatalog;
import io.cipherwatch.policy.HandshakeValidator;
import io.cipherwatch.policy.DeadLetterReason;
import io.cipherwatch.probe.ProbeJson;
import io.cipherwatch.readiness.OfferHistory;
import io.cipherwatch.readiness.ProbeResult;
import io.cipherwatch.readiness.TrunkInfo;
import io.cipherwatch.readiness.TrunkKey;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Loads the offer histories of a JSONL events file (the format {@code replay --events} reads and
 * {@code capture --out} writes) and optional trunk metadata, for the offline {@code readiness} command. Lines
 * that are not valid events are counted by reason, never used; events after the as-of instant are counted and
 * left out.
 */
public final class ReadinessInput {
  private final JsonInput json = new JsonInput();
  private final Map<TrunkKey, OfferHistory> histories = new HashMap<>();
  private final Map<String, TrunkInfo> trunks = new HashMap<>();
  private final Map<String, Long> rejected = new TreeMap<>();
  private final Map<String, ProbeResult> probes = new HashMap<>();
  private final int retentionDays;
  private final Instant asOf;
  private long maxTimestamp = Long.MIN_VALUE;
  private long events;
  private long afterAsOf;
  private int[] scratch = new int[64];

  /**
   * @param retentionDays days of history kept per (trunk, direction)
   * @param asOf events after it are left out; null keeps every event (the as-of is then the newest event)
   */
  public ReadinessInput(int retentionDays, Instant asOf) {
    this.retentionDays = retentionDays;
    this.asOf = asOf;
  }

  /** Reads a trunk metadata file. */
  public void trunks(Path file) throws IOException {
    JsonInput.forEachLine(file, (line, n) -> {
      try {
        TrunkMetadata m = json.trunk(line);
        trunks.put(m.getTrunkId(), info(m));
      } catch (InputException e) {
        rejected.merge("trunks: " + e.reason(), 1L, Long::sum);
      }
    });
  }

  /** Reads a file of probe results ({@code probe --out}); the latest per trunk is kept. */
  public void probes(Path file) throws IOException {
    JsonInput.forEachLine(file, (line, n) -> {
      try {
        ProbeResult p = ProbeJson.read(line).result();
        probes.merge(p.trunkId(), p, (a, b) -> b.timestampMillis() >= a.timestampMillis() ? b : a);
      } catch (IllegalArgumentException e) {
        rejected.merge("probes: BAD_PROBE", 1L, Long::sum);
      }
    });
  }

  /** The latest probe per trunkId. */
  public Map<String, ProbeResult> probes() {
    return probes;
  }

  /** The readiness view of trunk metadata. */
  public static TrunkInfo info(TrunkMetadata m) {
    return TrunkInfo.of(m);
  }

  /** Reads an events file. */
  public void events(Path file) throws IOException {
    JsonInput.forEachLine(file, (line, n) -> {
      try {
        add(json.event(line, n));
      } catch (InputException e) {
        rejected.merge(e.reason().name(), 1L, Long::sum);
      }
    });
  }

  /** Counts one event, or its reject reason. */
  public void add(HandshakeEvent e) {
    long ts = e.getTimestamp().toEpochMilli();
    DeadLetterReason reason = ts <= 0 ? DeadLetterReason.BAD_TIMESTAMP : validate(e);
    if (reason != null) {
      rejected.merge(reason.name(), 1L, Long::sum);
      return;
    }
    if (asOf != null && ts > asOf.toEpochMilli()) {
      afterAsOf++;
      return;
    }
    events++;
    maxTimestamp = Math.max(maxTimestamp, ts);
    Integer chosen = e.getNegotiatedCipherSuite();
    histories.computeIfAbsent(new TrunkKey(e.getTrunkId(), e.getDirection()), k -> new OfferHistory())
        .record(ts, e.getOfferedCipherSuites(), chosen == null ? -1 : chosen,
            e.getOutcome() == HandshakeOutcome.ESTABLISHED, retentionDays);
  }

  private DeadLetterReason validate(HandshakeEvent e) {
    List<Integer> offer = e.getOfferedCipherSuites();
    if (scratch.length < offer.size()) {
      scratch = new int[offer.size()];
    }
    int n = 0;
    for (Integer c : offer) {
      if (c == null || c < 0 || c > 0xFFFF) {
        return DeadLetterReason.CODE_OUT_OF_RANGE;
      }
      if (!CipherCatalog.isGrease(c)) {
        scratch[n++] = c;
      }
    }
    Integer chosen = e.getNegotiatedCipherSuite();
    if (chosen != null && (chosen < 0 || chosen > 0xFFFF)) {
      return DeadLetterReason.CODE_OUT_OF_RANGE;
    }
    return HandshakeValidator.validate(e.getTrunkId(), e.getEdgeId(),
        e.getOutcome() == HandshakeOutcome.ESTABLISHED, chosen == null ? -1 : chosen, scratch, n);
  }

  public Map<TrunkKey, OfferHistory> histories() {
    return histories;
  }

  public Map<String, TrunkInfo> trunks() {
    return trunks;
  }

  /** Rejected lines by reason (trunk file reasons prefixed with {@code trunks: }). */
  public Map<String, Long> rejected() {
    return rejected;
  }

  /** Events used. */
  public long events() {
    return events;
  }

  /** Valid events left out because they are after the as-of instant. */
  public long afterAsOf() {
    return afterAsOf;
  }

  /** The as-of instant: the one given, else the newest event's time, else now. */
  public Instant asOf() {
    if (asOf != null) {
      return asOf;
    }
    return maxTimestamp == Long.MIN_VALUE ? Instant.now() : Instant.ofEpochMilli(maxTimestamp);
  }
}
