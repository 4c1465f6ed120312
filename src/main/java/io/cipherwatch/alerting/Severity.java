package io.cipherwatch.alerting;

/** How urgent a deprecation-risk alert is. */
public enum Severity {
  /** Needs attention before the removal date, but nothing breaks today. */
  WARNING,
  /** Calls fail now or will fail at removal. */
  CRITICAL
}
