package io.cipherwatch.replay;

import io.cipherwatch.policy.DeadLetterReason;

/** One input line cannot be used; {@link #reason()} is machine-readable, the message says what to fix. */
public final class InputException extends Exception {
  private final DeadLetterReason reason;

  public InputException(DeadLetterReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public DeadLetterReason reason() {
    return reason;
  }
}
