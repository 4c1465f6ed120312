package io.cipherwatch.health;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether this instance is waiting for the schema registry: per input partition, how many records are parked
 * until the registry answers again, and whether the registry refuses this instance's configuration. Written by the stream threads, read by {@code /ready} and the metrics.
 * Thread-safe.
 */
public final class RegistryHealth {
  private final Map<Integer, Long> parkedByPartition = new ConcurrentHashMap<>();
  private volatile String configurationError;

  /** Records that {@code partition} has {@code parked} records waiting (0: it waits no more). */
  public void parked(int partition, long parked) {
    if (parked <= 0) {
      parkedByPartition.remove(partition);
      if (parkedByPartition.isEmpty()) {
        configurationError = null;
      }
    } else {
      parkedByPartition.put(partition, parked);
    }
  }

  /** Whether some partition of this instance waits for the registry. */
  public boolean waiting() {
    return !parkedByPartition.isEmpty();
  }

  /** How many input partitions of this instance wait for the registry. */
  public int waitingPartitions() {
    return parkedByPartition.size();
  }

  /** How many input records wait for the registry, over all partitions of this instance. */
  public long parkedRecords() {
    long n = 0;
    for (long v : parkedByPartition.values()) {
      n += v;
    }
    return n;
  }

  /**
   * The registry refuses this instance (credentials, URL): retrying alone will not fix it. {@code message} names
   * the registry without credentials; cleared once no partition waits any more.
   */
  public void misconfigured(String message) {
    configurationError = message;
  }

  /** Why the registry refuses this instance, or null when it does not. */
  public String configurationError() {
    return configurationError;
  }
}
