package io.cipherwatch.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * An in-memory key-value store on a hash map, for stores written per event and read by key: a put is O(1)
 * where Kafka's in-memory store keeps a sorted tree (its byte-array comparisons were ~10 % of the stream
 * thread in the benchmark). Range and full scans (queries, start-up) copy and sort the entries. Changelogging,
 * metrics and serdes come from Kafka's store builder around it; like Kafka's in-memory store it is emptied on
 * close and restored from its changelog. It tracks no query {@link Position} (cipherwatch's queries do not
 * ask for position bounds).
 */
final class HashKeyValueStore implements KeyValueStore<Bytes, byte[]> {
  private final String name;
  private final Map<Bytes, byte[]> map = new ConcurrentHashMap<>();
  private final Position position = Position.emptyPosition();
  private volatile boolean open;

  private HashKeyValueStore(String name) {
    this.name = name;
  }

  /** A supplier of such stores under the given name. */
  static KeyValueBytesStoreSupplier supplier(String name) {
    return new KeyValueBytesStoreSupplier() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public KeyValueStore<Bytes, byte[]> get() {
        return new HashKeyValueStore(name);
      }

      @Override
      public String metricsScope() {
        return "in-memory";
      }
    };
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    context.register(root, (key, value) -> {
      if (value == null) {
        map.remove(Bytes.wrap(key));
      } else {
        map.put(Bytes.wrap(key), value);
      }
    });
    open = true;
  }

  @Override
  public void close() {
    map.clear();
    open = false;
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public Position getPosition() {
    return position;
  }

  @Override
  public byte[] get(Bytes key) {
    return map.get(key);
  }

  @Override
  public void put(Bytes key, byte[] value) {
    if (value == null) {
      map.remove(key);
    } else {
      map.put(key, value);
    }
  }

  @Override
  public byte[] putIfAbsent(Bytes key, byte[] value) {
    byte[] old = map.get(key);
    if (old == null) {
      put(key, value);
    }
    return old;
  }

  @Override
  public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
    for (KeyValue<Bytes, byte[]> kv : entries) {
      put(kv.key, kv.value);
    }
  }

  @Override
  public byte[] delete(Bytes key) {
    return map.remove(key);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
    return scan(from, to, false);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
    return scan(from, to, true);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> all() {
    return scan(null, null, false);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> reverseAll() {
    return scan(null, null, true);
  }

  @Override
  public long approximateNumEntries() {
    return map.size();
  }

  /** A sorted snapshot of the entries with keys in [from, to] (null: unbounded). */
  private KeyValueIterator<Bytes, byte[]> scan(Bytes from, Bytes to, boolean reverse) {
    List<KeyValue<Bytes, byte[]>> entries = new ArrayList<>();
    if (from == null || to == null || from.compareTo(to) <= 0) {
      for (Map.Entry<Bytes, byte[]> e : map.entrySet()) {
        if ((from == null || e.getKey().compareTo(from) >= 0) && (to == null || e.getKey().compareTo(to) <= 0)) {
          entries.add(KeyValue.pair(e.getKey(), e.getValue()));
        }
      }
    }
    entries.sort(reverse ? (a, b) -> b.key.compareTo(a.key) : (a, b) -> a.key.compareTo(b.key));
    return new SnapshotIterator<>(entries.iterator());
  }
}
