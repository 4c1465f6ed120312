package io.cipherwatch.replay;

/** One input line cannot be used; {@link #reason()} is machine-readable, the message says what to fix. */
public final class InputException extends Exception {
  private final String reason;

  public InputException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
