package io.cipherwatch.topology;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.TimestampedBytesStore;

/**
 * Supplies a store that behaves exactly like the wrapped supplier's and counts the writes made to it after
 * start-up restoration. Readers on other threads compare {@link #writes()} with the count they last saw to know
 * whether anything they derived from the store may be stale, without reading the store. Used for the global
 * trunk-metadata store, which the global thread writes and the stream threads read when their cache of
 * decoded metadata may be stale.
 *
 * <p>Its stores hold values in the timestamped format they are handed (they are {@link TimestampedBytesStore}s),
 * so a timestamped store builder neither converts nor drops the record timestamps: wrap a timestamped supplier
 * ({@link org.apache.kafka.streams.state.Stores#persistentTimestampedKeyValueStore}) or an in-memory one.
 */
final class CountingStoreSupplier implements KeyValueBytesStoreSupplier {
  private final KeyValueBytesStoreSupplier inner;
  private final AtomicLong writes = new AtomicLong();

  CountingStoreSupplier(KeyValueBytesStoreSupplier inner) {
    this.inner = inner;
  }

  /** Writes so far to every store this supplier made; grows after each write is visible to readers. */
  long writes() {
    return writes.get();
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public KeyValueStore<Bytes, byte[]> get() {
    return new CountingStore(inner.get(), writes);
  }

  @Override
  public String metricsScope() {
    return inner.metricsScope();
  }

  /** Delegates every method, including the interfaces' default ones, and counts puts and deletes. */
  private static final class CountingStore implements KeyValueStore<Bytes, byte[]>, TimestampedBytesStore {
    private final KeyValueStore<Bytes, byte[]> store;
    private final AtomicLong writes;

    CountingStore(KeyValueStore<Bytes, byte[]> store, AtomicLong writes) {
      this.store = store;
      this.writes = writes;
    }

    @Override
    public void put(Bytes key, byte[] value) {
      store.put(key, value);
      writes.incrementAndGet();
    }

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
      byte[] previous = store.putIfAbsent(key, value);
      writes.incrementAndGet();
      return previous;
    }

    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
      store.putAll(entries);
      writes.incrementAndGet();
    }

    @Override
    public byte[] delete(Bytes key) {
      byte[] previous = store.delete(key);
      writes.incrementAndGet();
      return previous;
    }

    @Override
    public byte[] get(Bytes key) {
      return store.get(key);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
      return store.range(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
      return store.reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
      return store.all();
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseAll() {
      return store.reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, PS serializer) {
      return store.prefixScan(prefix, serializer);
    }

    @Override
    public long approximateNumEntries() {
      return store.approximateNumEntries();
    }

    @Override
    public ReadOnlyKeyValueStore<Bytes, byte[]> readOnly(IsolationLevel isolationLevel) {
      return store.readOnly(isolationLevel);
    }

    @Override
    public String name() {
      return store.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
      store.init(context, root);
    }

    @Override
    public void flush() {
      store.flush();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
      store.commit(changelogOffsets);
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
      return store.committedOffset(partition);
    }

    @Override
    public boolean managesOffsets() {
      return store.managesOffsets();
    }

    @Override
    public void close() {
      store.close();
    }

    @Override
    public boolean persistent() {
      return store.persistent();
    }

    @Override
    public boolean isOpen() {
      return store.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
      return store.query(query, positionBound, config);
    }

    @Override
    public long approximateNumUncommittedBytes() {
      return store.approximateNumUncommittedBytes();
    }

    @Override
    public Position getPosition() {
      return store.getPosition();
    }
  }
}
