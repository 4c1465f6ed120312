package io.cipherwatch.alerting;

/** The kind of an alert transition: the condition started or ended. */
public enum AlertStatus {
  /** The condition started: the alert is open. */
  OPEN,
  /** The condition ended. */
  RESOLVED;

  /** The status a transition leaves the alert in. */
  public static AlertStatus of(boolean open) {
    return open ? OPEN : RESOLVED;
  }
}
