package io.cipherwatch.config;

import java.util.Locale;

/** Which rows the topology writes to {@code cipher-usage} ({@code cipherwatch.usage.emit}). */
public enum UsageEmit {
  /** One row per (trunk, direction) and closed window in which the key has handshakes. */
  EVERY_WINDOW,
  /**
   * The row of a (trunk, direction) for window W only when its counts differ from the key's row of the window
   * before W, or the key had no row there; a zero row (no handshakes, risk CLEAN) for W when the key had a row
   * in the window before W and has none in W. Filling each key's newest row forward, window by window, gives
   * the {@link #EVERY_WINDOW} counts (a zero row standing for no row). The topology decides it in
   * {@code io.cipherwatch.topology.OnChangeRows}.
   */
  ON_CHANGE;

  /** The configuration spelling: every-window, on-change. */
  public String option() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses the configuration spelling. */
  public static UsageEmit parse(String s) {
    for (UsageEmit e : values()) {
      if (e.option().equals(s)) {
        return e;
      }
    }
    throw new IllegalArgumentException("cipherwatch.usage.emit must be every-window or on-change, got '" + s + "'");
  }
}
