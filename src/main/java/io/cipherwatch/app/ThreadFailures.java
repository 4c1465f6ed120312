package io.cipherwatch.app;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * What to do when a stream thread dies of an exception no handler took (a broker restart aborting a transaction,
 * a fenced producer, a client timeout): replace the thread, after a pause that doubles with each recent failure
 * (1 s up to 30 s), unless it keeps failing — more than {@link #MAX_RECENT} failures within {@link #WINDOW_MS} —
 * then give up, so the instance stops and its supervisor restarts it. Records never get here: processing
 * exceptions become dead letters. Thread-safe.
 */
final class ThreadFailures {
  static final int MAX_RECENT = 10;
  static final long WINDOW_MS = 10 * 60_000L;
  static final long MAX_PAUSE_MS = 30_000L;

  private final LongSupplier clock;
  private final Deque<Long> recent = new ArrayDeque<>();

  ThreadFailures(LongSupplier clock) {
    this.clock = clock;
  }

  /**
   * Records a failure now; returns how long to pause before replacing the thread, or -1 when the thread should
   * not be replaced (too many recent failures).
   */
  synchronized long onFailure() {
    long now = clock.getAsLong();
    while (!recent.isEmpty() && recent.peekFirst() <= now - WINDOW_MS) {
      recent.pollFirst();
    }
    recent.addLast(now);
    int n = recent.size();
    if (n > MAX_RECENT) {
      return -1;
    }
    return Math.min(MAX_PAUSE_MS, 1000L << Math.min(n - 1, 15));
  }
}
