package io.cipherwatch.replay;

import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.RiskLevel;
import io.cipherwatch.json.JsonOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Writes the usage rows of a replay as {@link UsageOutput} asks. Rows arrive window by window in window order
 * (one partition). For {@link UsageOutput#ON_CHANGE} it keeps each key's newest row: a row whose counts equal
 * the key's row of the previous window is skipped; a key that has a row in one window and none in the next
 * gets a zero row (no handshakes, risk CLEAN) for that next window, once the rows of the next are complete.
 */
final class UsageWriter {
  private final UsageOutput mode;
  private final JsonOutput.Lines out;
  private final long advanceMs;
  /** Newest row by trunkId|direction (on-change only). */
  private final Map<String, CipherUsage> newest = new HashMap<>();
  /** Keys with a row (written or not) in the current window, and in the complete window before it. */
  private Set<String> current = new HashSet<>();
  private Set<String> previous = new HashSet<>();
  private long currentStart = Long.MIN_VALUE;
  private long previousStart = Long.MIN_VALUE;
  private long written;

  /** {@code out} is null for {@link UsageOutput#NONE}. */
  UsageWriter(UsageOutput mode, JsonOutput.Lines out, long advanceMs) {
    this.mode = mode;
    this.out = out;
    this.advanceMs = advanceMs;
  }

  /** Rows written so far. */
  long written() {
    return written;
  }

  void add(CipherUsage u) throws IOException {
    switch (mode) {
      case NONE -> { }
      case EVERY_WINDOW -> write(u);
      case ON_CHANGE -> onChange(u);
    }
  }

  private void onChange(CipherUsage u) throws IOException {
    long start = u.getWindowStart().toEpochMilli();
    if (start != currentStart) {
      windowDone();
      currentStart = start;
    }
    String key = u.getTrunkId() + '|' + u.getDirection();
    CipherUsage before = newest.put(key, u);
    current.add(key);
    if (before == null || before.getWindowStart().toEpochMilli() != start - advanceMs || !sameCounts(before, u)) {
      write(u);
    }
  }

  /**
   * Window {@code currentStart} is complete: the keys of the previous complete window without a row in the
   * window after it get their zero row there.
   */
  private void windowDone() throws IOException {
    if (currentStart == Long.MIN_VALUE) {
      return;
    }
    if (previousStart != Long.MIN_VALUE) {
      long next = previousStart + advanceMs;
      for (String key : previous) {
        if (next != currentStart || !current.contains(key)) {
          write(zero(newest.get(key), next));
        }
      }
    }
    previous = current;
    previousStart = currentStart;
    current = new HashSet<>(previous.size() * 2);
  }

  /** Writes the zero rows still due, including those of the window after the last; call after the last row. */
  void finish() throws IOException {
    if (mode != UsageOutput.ON_CHANGE || currentStart == Long.MIN_VALUE) {
      return;
    }
    windowDone();
    for (String key : previous) {
      write(zero(newest.get(key), previousStart + advanceMs));
    }
  }

  /** The key's row of the window starting at {@code start} when it had no handshakes there. */
  private CipherUsage zero(CipherUsage last, long start) {
    long size = last.getWindowEnd().toEpochMilli() - last.getWindowStart().toEpochMilli();
    return CipherUsage.newBuilder(last).setWindowStart(Instant.ofEpochMilli(start))
        .setWindowEnd(Instant.ofEpochMilli(start + size)).setHandshakes(0).setEstablishedHandshakes(0)
        .setFailedHandshakes(0).setDeprecatedHandshakes(0).setDeprecatedShare(0).setWouldBreakHandshakes(0)
        .setWouldBreakShare(0).setCleanHandshakes(0).setOffersDeprecatedHandshakes(0)
        .setPrefersDeprecatedHandshakes(0).setDeprecatedOnlyHandshakes(0).setCipherCounts(Map.of())
        .setRiskLevel(RiskLevel.CLEAN).build();
  }

  private static boolean sameCounts(CipherUsage a, CipherUsage b) {
    return a.getHandshakes() == b.getHandshakes()
        && a.getEstablishedHandshakes() == b.getEstablishedHandshakes()
        && a.getFailedHandshakes() == b.getFailedHandshakes()
        && a.getDeprecatedHandshakes() == b.getDeprecatedHandshakes()
        && a.getWouldBreakHandshakes() == b.getWouldBreakHandshakes()
        && a.getCleanHandshakes() == b.getCleanHandshakes()
        && a.getOffersDeprecatedHandshakes() == b.getOffersDeprecatedHandshakes()
        && a.getPrefersDeprecatedHandshakes() == b.getPrefersDeprecatedHandshakes()
        && a.getDeprecatedOnlyHandshakes() == b.getDeprecatedOnlyHandshakes()
        && a.getCipherCounts().equals(b.getCipherCounts());
  }

  private void write(CipherUsage u) throws IOException {
    out.write(u);
    written++;
  }
}
