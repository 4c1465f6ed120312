package io.cipherwatch.policy;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The policy in effect for one running topology, shared by the thread that reads the {@code cipher-policy} topic
 * and the processors that classify and emit: they ask {@link #current()} for every event or row, so a new version
 * applies to whatever they process after it arrived. Only a higher version replaces the current one (a stale
 * replay of an older version cannot roll the policy back); {@link #reset()} returns to the configured default.
 */
public final class PolicyHolder {
  private final ActivePolicy defaults;
  private volatile ActivePolicy current;
  private final AtomicLong rejected = new AtomicLong();

  public PolicyHolder(ActivePolicy defaults) {
    this.defaults = defaults;
    this.current = defaults;
  }

  /** The policy in effect. */
  public ActivePolicy current() {
    return current;
  }

  /** The version in effect. */
  public long version() {
    return current.version();
  }

  /**
   * Applies a published version.
   *
   * @return false, leaving the current policy, when {@code next} is not newer than it
   */
  public synchronized boolean apply(ActivePolicy next) {
    if (next.version() <= current.version()) {
      return false;
    }
    current = next;
    return true;
  }

  /** Counts a published record that could not be used (undecodable or invalid). */
  public void rejected() {
    rejected.incrementAndGet();
  }

  /** Published records that could not be used, since start. */
  public long rejectedCount() {
    return rejected.get();
  }

  /** Returns to the configured default (the topic's policy record was deleted). */
  public synchronized void reset() {
    current = defaults;
  }
}
