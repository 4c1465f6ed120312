package io.cipherwatch.metrics;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@link PartitionedStores} over a running {@link KafkaStreams}: interactive queries restricted to local active
 * tasks (stale stores off), so an instance never reads a standby or a partition that moved away. The
 * sub-topology of each store comes from the topology description.
 */
public final class ActiveStores implements PartitionedStores {
  private final KafkaStreams streams;
  private final Map<String, Integer> subtopologyByStore = new HashMap<>();

  /** Stores of {@code topology} as run by {@code streams}. */
  public ActiveStores(KafkaStreams streams, TopologyDescription topology) {
    this.streams = streams;
    for (TopologyDescription.Subtopology sub : topology.subtopologies()) {
      for (TopologyDescription.Node node : sub.nodes()) {
        if (node instanceof TopologyDescription.Processor p) {
          p.stores().forEach(s -> subtopologyByStore.put(s, sub.id()));
        }
      }
    }
  }

  /** The Kafka Streams instance queried. */
  public KafkaStreams streams() {
    return streams;
  }

  @Override
  public Set<Integer> activePartitions(String store) {
    Integer sub = subtopologyByStore.get(store);
    if (sub == null) {
      throw new IllegalArgumentException("No store named '" + store + "' in the topology; known stores: "
          + new TreeSet<>(subtopologyByStore.keySet()));
    }
    Set<Integer> out = new TreeSet<>();
    if (!streams.state().isRunningOrRebalancing()) {
      return out;
    }
    for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
      for (TaskMetadata task : thread.activeTasks()) {
        if (task.taskId().subtopology() == sub) {
          out.add(task.taskId().partition());
        }
      }
    }
    return out;
  }

  @Override
  public <V> List<V> values(String store, int partition, Predicate<? super V> keep) {
    List<V> out = new ArrayList<>();
    try (KeyValueIterator<String, V> it = this.<V>partition(store, partition).all()) {
      while (it.hasNext()) {
        KeyValue<String, V> kv = it.next();
        if (keep.test(kv.value)) {
          out.add(kv.value);
        }
      }
    }
    return out;
  }

  @Override
  public List<Map.Entry<byte[], byte[]>> byteEntries(String store, int partition) {
    ReadOnlyKeyValueStore<Bytes, byte[]> s = streams.store(StoreQueryParameters.fromNameAndType(store,
        QueryableStoreTypes.<Bytes, byte[]>keyValueStore()).withPartition(partition));
    List<Map.Entry<byte[], byte[]>> out = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = s.all()) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> kv = it.next();
        out.add(new AbstractMap.SimpleImmutableEntry<>(kv.key.get(), kv.value));
      }
    }
    return out;
  }

  /**
   * The store of one locally active partition.
   *
   * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while it is not queryable
   */
  public <V> ReadOnlyKeyValueStore<String, V> partition(String store, int partition) {
    return streams.store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore())
        .withPartition(partition));
  }
}
