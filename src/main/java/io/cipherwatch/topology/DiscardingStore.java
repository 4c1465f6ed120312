package io.cipherwatch.topology;

import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A store that keeps nothing, for {@link OfflineTopology}: stands in for the stores the processors only write while
 * they process (for durability and interactive queries, neither of which exists offline) and read back only when
 * their task starts. Reads find nothing.
 */
final class DiscardingStore<K, V> implements KeyValueStore<K, V> {
  private final String name;

  DiscardingStore(String name) {
    this.name = name;
  }

  @Override
  public void put(K key, V value) {
    // kept nowhere
  }

  @Override
  public V putIfAbsent(K key, V value) {
    return null;
  }

  @Override
  public void putAll(List<KeyValue<K, V>> entries) {
    // kept nowhere
  }

  @Override
  public V delete(K key) {
    return null;
  }

  @Override
  public V get(K key) {
    return null;
  }

  @Override
  public KeyValueIterator<K, V> range(K from, K to) {
    return empty();
  }

  @Override
  public KeyValueIterator<K, V> all() {
    return empty();
  }

  @Override
  public long approximateNumEntries() {
    return 0;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    // nothing to restore
  }

  @Override
  public void flush() {
    // nothing to flush
  }

  @Override
  public void close() {
    // nothing to release
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public boolean isOpen() {
    return true;
  }

  @Override
  public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
    return QueryResult.forUnknownQueryType(query, this);
  }

  @Override
  public Position getPosition() {
    return Position.emptyPosition();
  }

  private static <K, V> KeyValueIterator<K, V> empty() {
    return new KeyValueIterator<>() {
      @Override
      public void close() {
        // nothing held
      }

      @Override
      public K peekNextKey() {
        throw new java.util.NoSuchElementException();
      }

      @Override
      public boolean hasNext() {
        return false;
      }

      @Override
      public KeyValue<K, V> next() {
        throw new java.util.NoSuchElementException();
      }
    };
  }
}
