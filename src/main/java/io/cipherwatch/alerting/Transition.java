package io.cipherwatch.alerting;

import java.util.Arrays;
import java.util.Objects;

/**
 * One OPEN or RESOLVED transition of an alert identified by (trunkId, direction, type); the
 * topology maps it to the Avro {@code DeprecationAlert}. The OPEN and RESOLVED records of one alert
 * share {@link #alertId()} and all opening evidence.
 *
 * @param type what the alert is about
 * @param open true for OPEN, false for RESOLVED
 * @param alertId deterministic id of the alert (same on reprocessing)
 * @param openedAt event time of the handshake that opened the alert
 * @param eventTime {@code openedAt} for OPEN, the resolving handshake's event time for RESOLVED
 * @param openingEventId eventId of the opening handshake
 * @param openingChosenSuite suite code negotiated by the opening handshake, -1 if none
 * @param openingOffer the opening handshake's offer, GREASE removed (a private copy)
 * @param handshakesSinceOpen handshakes of the key from the opening one to this one, both included
 * @param lastEvidenceAt event time of the last handshake that kept the condition alive
 * @param triggerEventId eventId of the handshake that caused this transition
 */
public record Transition(
    AlertType type,
    boolean open,
    String alertId,
    long openedAt,
    long eventTime,
    String openingEventId,
    int openingChosenSuite,
    int[] openingOffer,
    long handshakesSinceOpen,
    long lastEvidenceAt,
    String triggerEventId) {

  /** Rejects missing fields and copies the offer so the record is not tied to engine state. */
  public Transition {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(openingEventId, "openingEventId");
    Objects.requireNonNull(triggerEventId, "triggerEventId");
    openingOffer = Objects.requireNonNull(openingOffer, "openingOffer").clone();
  }

  /** The alert's severity, fixed by its type. */
  public Severity severity() {
    return type.severity();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Transition t
        && type == t.type
        && open == t.open
        && alertId.equals(t.alertId)
        && openedAt == t.openedAt
        && eventTime == t.eventTime
        && openingEventId.equals(t.openingEventId)
        && openingChosenSuite == t.openingChosenSuite
        && Arrays.equals(openingOffer, t.openingOffer)
        && handshakesSinceOpen == t.handshakesSinceOpen
        && lastEvidenceAt == t.lastEvidenceAt
        && triggerEventId.equals(t.triggerEventId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(alertId, open, eventTime, triggerEventId, handshakesSinceOpen);
  }

  @Override
  public String toString() {
    return "Transition["
        + type
        + (open ? " OPEN" : " RESOLVED")
        + " alertId="
        + alertId
        + " openedAt="
        + openedAt
        + " eventTime="
        + eventTime
        + " openingEventId="
        + openingEventId
        + " openingChosenSuite="
        + openingChosenSuite
        + " openingOffer="
        + Arrays.toString(openingOffer)
        + " handshakesSinceOpen="
        + handshakesSinceOpen
        + " lastEvidenceAt="
        + lastEvidenceAt
        + " triggerEventId="
        + triggerEventId
        + "]";
  }
}
