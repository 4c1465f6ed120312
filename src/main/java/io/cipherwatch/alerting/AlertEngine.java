package io.cipherwatch.alerting;

import io.cipherwatch.alerting.AlertState.OpenAlert;
import io.cipherwatch.policy.Classification;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The deprecation-risk alert state machine. It is called once per valid handshake of a key
 * (trunkId, direction), in processing order, with that key's {@link AlertState}, and emits one
 * OPEN transition when a condition starts and one RESOLVED when it ends. It is deterministic: the
 * same handshakes in the same order produce the same transitions and alert ids, so reprocessing
 * duplicates nothing a consumer cannot deduplicate on (alertId, open).
 *
 * <h2>Opening</h2>
 *
 * <ul>
 *   <li>{@code DEPRECATED_ONLY} / {@code PREFERS_DEPRECATED}: a handshake of that classification
 *       while none of that type is open.
 *   <li>{@code REGRESSION}: a handshake with a deprecated chosen suite while a clean stretch has
 *       lasted at least {@code regressionCleanPeriodMs} from its start to this handshake. A clean
 *       stretch starts at the first established handshake with a non-deprecated suite after the
 *       key's last deprecated one (or its first ever) and ends at the next deprecated one; failed
 *       handshakes neither start nor end it. A key first seen deprecated has no stretch.
 *   <li>{@code HANDSHAKE_FAILURES}: a failed handshake when the trailing failures window holds at
 *       least {@code failuresMinCount} failures making up at least {@code failuresMinShare} of its
 *       handshakes (this one included).
 * </ul>
 *
 * <h2>Resolving</h2>
 *
 * An open alert resolves on the first handshake that does not keep it alive and whose timestamp is
 * at least {@code resolveAfterMs} after the last one that did (any such handshake, a failed one
 * included: it is the absence of keep-alive evidence that resolves). Keep-alive handshakes: that
 * classification for DEPRECATED_ONLY and PREFERS_DEPRECATED, any deprecated chosen suite for
 * REGRESSION, any failure for HANDSHAKE_FAILURES. The last keep-alive time is the latest such
 * timestamp, so a late keep-alive handshake never moves it backwards. There are no timers: a silent
 * key keeps its alerts open. Of one handshake's transitions, resolutions come first, then openings,
 * each in {@link AlertType} declaration order.
 *
 * <h2>Failures window resolution</h2>
 *
 * The exact window (t − size, t] would need every handshake timestamp of the last {@code
 * failuresWindowMs}. Instead handshakes are counted in {@code failuresBuckets} buckets of width w =
 * size / buckets aligned to the epoch (bucket = floorDiv(timestamp, w)), and only non-empty buckets
 * are kept. The window of a handshake in bucket b is buckets b − buckets + 1 .. b, i.e. timestamps
 * in [(b − buckets + 1)·w, (b + 1)·w): it is exact when all timestamps are multiples of w, and
 * otherwise drops the handshakes of the oldest partial bucket, so it spans between size − w and
 * size (by default between 59 and 60 minutes). Only the {@code failuresBuckets} buckets ending at
 * the newest bucket seen are kept: a late handshake counts in its own bucket if that is still
 * kept, and its window is evaluated over the kept buckets up to its own; a handshake older than
 * the kept range is not counted (it cannot open HANDSHAKE_FAILURES) but still keeps alerts alive
 * or resolves them like any other. Counts are per bucket below 2³¹. Counts taken with another
 * bucket width (changed settings) are dropped at the key's next handshake.
 *
 * <p>{@link #onHandshake} allocates nothing unless a transition is emitted or the bucket list of
 * the state must grow.
 */
public final class AlertEngine {
  private static final int TYPES = AlertType.count();
  private static final int DEPRECATED_ONLY = AlertType.DEPRECATED_ONLY.ordinal();
  private static final int PREFERS_DEPRECATED = AlertType.PREFERS_DEPRECATED.ordinal();
  private static final int REGRESSION = AlertType.REGRESSION.ordinal();
  private static final int HANDSHAKE_FAILURES = AlertType.HANDSHAKE_FAILURES.ordinal();

  private final AlertSettings settings;
  private final long bucketMs;

  /** An engine applying these thresholds. */
  /** The {@code triggerEventId} of a resolution caused by evicting a silent key's state, not by a handshake. */
  public static final String EVICTED = "evicted";

  public AlertEngine(AlertSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.bucketMs = settings.failuresBucketMs();
  }

  /** The thresholds this engine applies. */
  public AlertSettings settings() {
    return settings;
  }

  /**
   * Applies one handshake to state (mutating it) and appends 0..n transitions to out.
   *
   * @param trunkId the key's trunk (part of the alert id)
   * @param direction the key's direction, spelled the same way on every run (part of the alert id)
   * @param state the key's state, from {@link AlertState#empty()} or {@link AlertStateCodec}
   * @param timestamp the handshake's event time in ms
   * @param cls the handshake's classification
   * @param chosenDeprecated whether the negotiated suite is deprecated: must be true exactly for
   *     DEPRECATED_ONLY and PREFERS_DEPRECATED
   * @param eventId the handshake's eventId
   * @param chosenSuite the negotiated suite code, -1 if none
   * @param offer the offered suite codes, GREASE removed; copied if it becomes evidence
   * @param out receives the transitions, resolutions first
   * @throws IllegalArgumentException if chosenDeprecated contradicts the classification
   */
  public void onHandshake(
      String trunkId,
      String direction,
      AlertState state,
      long timestamp,
      Classification cls,
      boolean chosenDeprecated,
      String eventId,
      int chosenSuite,
      int[] offer,
      List<Transition> out) {
    Objects.requireNonNull(trunkId, "trunkId");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(cls, "cls");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(offer, "offer");
    Objects.requireNonNull(out, "out");
    boolean failed = cls == Classification.FAILED;
    if (chosenDeprecated
        != (cls == Classification.DEPRECATED_ONLY || cls == Classification.PREFERS_DEPRECATED)) {
      throw new IllegalArgumentException(
          "chosenDeprecated="
              + chosenDeprecated
              + " contradicts classification "
              + cls
              + " of event "
              + eventId
              + ": it must be true exactly for DEPRECATED_ONLY and PREFERS_DEPRECATED");
    }

    int mask = state.openMask;
    for (int t = 0; t < TYPES; t++) {
      if ((mask & (1 << t)) == 0) {
        continue;
      }
      OpenAlert a = state.slot(t);
      a.handshakesSinceOpen++;
      if (keepsAlive(t, cls)) {
        if (timestamp > a.lastEvidenceAt) {
          a.lastEvidenceAt = timestamp;
        }
      } else if (timestamp - a.lastEvidenceAt >= settings.resolveAfterMs()) {
        out.add(transition(t, false, a, timestamp, eventId));
        state.close(t);
      }
    }

    if (state.bucketMs != bucketMs) {
      state.resetBuckets(bucketMs);
    }
    long bucket = Math.floorDiv(timestamp, bucketMs);
    boolean counted = state.count(bucket, failed, settings.failuresBuckets());

    if (cls == Classification.DEPRECATED_ONLY && (state.openMask & (1 << DEPRECATED_ONLY)) == 0) {
      open(trunkId, direction, state, DEPRECATED_ONLY, timestamp, eventId, chosenSuite, offer, out);
    }
    if (cls == Classification.PREFERS_DEPRECATED
        && (state.openMask & (1 << PREFERS_DEPRECATED)) == 0) {
      open(trunkId, direction, state, PREFERS_DEPRECATED, timestamp, eventId, chosenSuite, offer,
          out);
    }
    if (chosenDeprecated
        && (state.openMask & (1 << REGRESSION)) == 0
        && state.cleanSince != AlertState.NO_STRETCH
        && timestamp - state.cleanSince >= settings.regressionCleanPeriodMs()) {
      open(trunkId, direction, state, REGRESSION, timestamp, eventId, chosenSuite, offer, out);
    }
    if (failed
        && counted
        && (state.openMask & (1 << HANDSHAKE_FAILURES)) == 0
        && failuresThresholdMet(state, bucket)) {
      open(trunkId, direction, state, HANDSHAKE_FAILURES, timestamp, eventId, chosenSuite, offer,
          out);
    }

    if (chosenDeprecated) {
      state.cleanSince = AlertState.NO_STRETCH;
    } else if (!failed && state.cleanSince == AlertState.NO_STRETCH) {
      state.cleanSince = timestamp;
    }
  }

  /**
   * The deterministic alert id: a name-based (MD5, version 3) UUID of the length-prefixed UTF-8
   * trunkId, direction, type name and opening eventId, and the opening timestamp.
   */
  public static String alertId(
      String trunkId, String direction, AlertType type, String openingEventId, long openedAt) {
    return alertUuid(trunkId, direction, type, openingEventId, openedAt).toString();
  }

  private static UUID alertUuid(
      String trunkId, String direction, AlertType type, String openingEventId, long openedAt) {
    byte[] trunk = trunkId.getBytes(StandardCharsets.UTF_8);
    byte[] dir = direction.getBytes(StandardCharsets.UTF_8);
    byte[] kind = type.name().getBytes(StandardCharsets.UTF_8);
    byte[] event = openingEventId.getBytes(StandardCharsets.UTF_8);
    ByteBuffer name =
        ByteBuffer.allocate(16 + trunk.length + dir.length + kind.length + event.length + 8);
    name.putInt(trunk.length).put(trunk);
    name.putInt(dir.length).put(dir);
    name.putInt(kind.length).put(kind);
    name.putInt(event.length).put(event);
    name.putLong(openedAt);
    return UUID.nameUUIDFromBytes(name.array());
  }

  private static boolean keepsAlive(int type, Classification cls) {
    if (type == DEPRECATED_ONLY) {
      return cls == Classification.DEPRECATED_ONLY;
    }
    if (type == PREFERS_DEPRECATED) {
      return cls == Classification.PREFERS_DEPRECATED;
    }
    if (type == REGRESSION) {
      return cls == Classification.DEPRECATED_ONLY || cls == Classification.PREFERS_DEPRECATED;
    }
    return cls == Classification.FAILED;
  }

  private boolean failuresThresholdMet(AlertState state, long bucket) {
    long oldest = bucket - settings.failuresBuckets() + 1;
    long[] b = state.buckets;
    long handshakes = 0;
    long failures = 0;
    for (int i = state.bucketCount - 1; i >= 0; i--) {
      long index = AlertState.bucketIndex(b, i);
      if (index < oldest) {
        break;
      }
      if (index <= bucket) {
        handshakes += AlertState.bucketHandshakes(b, i);
        failures += AlertState.bucketFailures(b, i);
      }
    }
    return failures >= settings.failuresMinCount()
        && (double) failures / handshakes >= settings.failuresMinShare();
  }

  private static void open(
      String trunkId,
      String direction,
      AlertState state,
      int type,
      long timestamp,
      String eventId,
      int chosenSuite,
      int[] offer,
      List<Transition> out) {
    UUID id = alertUuid(trunkId, direction, AlertType.ofOrdinal(type), eventId, timestamp);
    OpenAlert a = state.openSlot(type);
    a.idMsb = id.getMostSignificantBits();
    a.idLsb = id.getLeastSignificantBits();
    a.openedAt = timestamp;
    a.openingEventId = eventId;
    a.openingChosenSuite = chosenSuite;
    a.openingOffer = offer.clone();
    a.handshakesSinceOpen = 1;
    a.lastEvidenceAt = timestamp;
    out.add(transition(type, true, a, timestamp, eventId));
  }

  /**
   * Resolves every alert still open on a key whose state is being evicted for lack of traffic: one RESOLVED
   * transition per open alert (in type order) at {@code now}, triggered by {@link #EVICTED}; the state is left
   * with nothing open.
   */
  public void evict(AlertState state, long now, List<Transition> out) {
    for (int t = 0; t < AlertType.count(); t++) {
      if ((state.openMask & (1 << t)) != 0) {
        out.add(transition(t, false, state.slot(t), now, EVICTED));
        state.close(t);
      }
    }
  }

  private static Transition transition(
      int type, boolean open, OpenAlert a, long eventTime, String triggerEventId) {
    return new Transition(
        AlertType.ofOrdinal(type),
        open,
        a.alertId(),
        a.openedAt,
        eventTime,
        a.openingEventId,
        a.openingChosenSuite,
        a.openingOffer,
        a.handshakesSinceOpen,
        a.lastEvidenceAt,
        triggerEventId);
  }
}
