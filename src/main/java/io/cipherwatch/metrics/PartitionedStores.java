package io.cipherwatch.metrics;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** Read access to the key-value stores of this instance's ACTIVE tasks, one partition at a time. */
public interface PartitionedStores {

  /** The partitions of {@code store} whose active task runs on this instance now; empty when not running. */
  Set<Integer> activePartitions(String store);

  /**
   * The values of {@code store} in one locally active partition that {@code keep} accepts.
   *
   * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while the partition is not queryable
   *     (restoring, migrating, rebalancing)
   */
  <V> List<V> values(String store, int partition, Predicate<? super V> keep);

  /**
   * Every (key, value) of a byte-keyed store ({@code Bytes} keys, {@code byte[]} values) in one locally active
   * partition.
   *
   * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while the partition is not queryable
   */
  List<Map.Entry<byte[], byte[]>> byteEntries(String store, int partition);
}
