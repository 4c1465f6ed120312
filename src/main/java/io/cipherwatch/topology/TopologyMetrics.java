package io.cipherwatch.topology;

import io.cipherwatch.alerting.AlertType;
import io.cipherwatch.policy.Classification;
import io.cipherwatch.policy.DeadLetterReason;

/**
 * What the topology reports while it processes, for the metrics layer. Called on the stream thread for every
 * event, so implementations must be cheap and non-blocking.
 */
public interface TopologyMetrics {
  /** One valid handshake: its direction (true = inbound), class and negotiated suite (-1 if none). */
  default void handshake(boolean inbound, Classification cls, int chosen) {}

  /** One record sent to the dead-letter topic, by reason. */
  default void deadLetter(DeadLetterReason reason) {}

  /** One valid event older than the newest closed window (also reported as a LATE dead letter). */
  default void late() {}

  /** One valid event for a trunk without metadata. */
  default void unknownTrunk() {}

  /** Event time to processing time of one valid event, in milliseconds. */
  default void eventLag(long millis) {}

  /** One alert transition. */
  default void alertTransition(AlertType type, boolean open) {}

  /** The task of input partition {@code partition} has closed every window ending at or before {@code closedEnd}. */
  default void windowsClosed(int partition, long closedEnd) {}

  /** The task of input partition {@code partition} left this instance (its figures are no longer reported). */
  default void partitionReleased(int partition) {}
  /**
   * How far one event's time is from the wall clock when it is processed (positive: ahead, the edge's clock runs
   * fast; negative: behind, a slow clock or publishing delay), by the edge that stamped it.
   */
  default void clockSkew(String edgeId, long skewMillis) {}

  /** One attempt to decode a record found the schema registry unavailable (the record is parked, not lost). */
  default void registryUnavailable() {}

  /**
   * One attempt to decode a record found the schema registry refusing this instance (401/403, a wrong URL): a
   * configuration error, not the record's fault; the record is parked like for an unavailable registry.
   */
  default void registryMisconfigured(String message) {}

  /**
   * The readiness task of input partition {@code partition} has {@code pairs} (trunk, direction) pairs waiting to
   * be judged for the removal-readiness topic (0 when it is closed).
   */
  default void readinessPending(int partition, int pairs) {}

  /** Input partition {@code partition} now has {@code parked} records waiting for the registry (0: none). */
  default void parked(int partition, long parked) {}

  /** Reports nothing. */
  TopologyMetrics NONE = new TopologyMetrics() {};
}
