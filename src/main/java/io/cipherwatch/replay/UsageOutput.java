package io.cipherwatch.replay;

import java.util.Locale;

/** Which usage rows {@code replay} writes to {@code usage.jsonl}: the topology's mode, or none. */
public enum UsageOutput {
  /** Every (trunk, direction, window) row: the {@code cipher-usage} topic's contract. */
  EVERY_WINDOW,
  /**
   * The rows the topology writes with {@code cipherwatch.usage.emit=on-change} (see
   * {@link io.cipherwatch.config.UsageEmit#ON_CHANGE}): filling each row forward, window by window, until the
   * key's next row gives the every-window rows (zero rows standing for no row).
   */
  ON_CHANGE,
  /** No usage rows file: only the summary, fleet rows, alerts and rejected lines. */
  NONE;

  /** The command-line spelling: every-window, on-change, none. */
  public String option() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses the command-line spelling. */
  public static UsageOutput parse(String s) {
    for (UsageOutput u : values()) {
      if (u.option().equals(s)) {
        return u;
      }
    }
    throw new IllegalArgumentException("--usage must be every-window, on-change or none, got '" + s + "'");
  }
}
