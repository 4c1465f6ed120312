package io.cipherwatch.readiness;

/** What removing a candidate set does to the handshakes of one offer signature. */
public enum Effect {
  /** The handshake already failed: counted in handshakes and failed, never as would-break. */
  FAILED,
  /** The handshake would fail. */
  BREAKS,
  /** Outbound: the remote chose a removed suite and nothing proves it accepts another. */
  UNVERIFIED,
  /** The handshake would negotiate another suite and keep working. */
  CHANGES,
  /** Not affected. */
  UNAFFECTED
}
