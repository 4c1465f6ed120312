package io.cipherwatch.topology;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
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
 *
 * <p>A store made with {@link Owners} can hold {@link Live} values: the processor of its task, which keeps the
 * decoded state behind each record anyway, {@link #hold holds} it here by reference instead of a second, encoded
 * copy. Its own puts of such a key then only go to the changelog; a read on any thread encodes the live value
 * under the store's read lock, and the processor mutates its states only under the {@link #writeLock}. When the
 * processor closes it {@link #release releases} them back to bytes.
 */
final class HashKeyValueStore implements KeyValueStore<Bytes, byte[]> {
  /** How long a reader waits for the processor to finish the record it is on before giving up. */
  private static final long READ_WAIT_MS = 2_000;

  /** A value held by reference while the processor owning it keeps it decoded; encoded when read. */
  interface Live {
    /** The value's binary form, as the owner writes it: called on any thread under the owner's read lock. */
    byte[] encode();
  }

  /** Where the processor of a task finds its task's store (by task directory: one owner at a time). */
  static final class Owners {
    private final Map<File, HashKeyValueStore> byTaskDir = new ConcurrentHashMap<>();

    /** The open store of the task with this state directory, or null. */
    HashKeyValueStore of(File taskDir) {
      return taskDir == null ? null : byTaskDir.get(taskDir);
    }
  }

  private final String name;
  /** Values: byte[], or {@link Live} while held. */
  private final Map<Bytes, Object> map = new ConcurrentHashMap<>();
  private final Position position = Position.emptyPosition();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Owners owners;
  private File taskDir;
  private volatile boolean open;

  private HashKeyValueStore(String name, Owners owners) {
    this.name = name;
    this.owners = owners;
  }

  /** A supplier of such stores under the given name. */
  static KeyValueBytesStoreSupplier supplier(String name) {
    return supplier(name, null);
  }

  /** A supplier of such stores under the given name, each registered with {@code owners} while open. */
  static KeyValueBytesStoreSupplier supplier(String name, Owners owners) {
    return new KeyValueBytesStoreSupplier() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public KeyValueStore<Bytes, byte[]> get() {
        return new HashKeyValueStore(name, owners);
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
    if (owners != null) {
      taskDir = context.stateDir();
      owners.byTaskDir.put(taskDir, this);
    }
    open = true;
  }

  @Override
  public void close() {
    if (owners != null && taskDir != null) {
      owners.byTaskDir.remove(taskDir, this);
    }
    map.clear();
    open = false;
  }

  /** The lock the owning processor holds while it changes held values. */
  Lock writeLock() {
    return lock.writeLock();
  }

  /** Holds {@code value} under {@code key} by reference (owner only, under the write lock). */
  void hold(Bytes key, Live value) {
    map.put(key, value);
  }

  /** Replaces every held value by its encoding: the owner is closing (under the write lock). */
  void release() {
    map.replaceAll((k, v) -> v instanceof Live live ? live.encode() : v);
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
    return bytes(map.get(key));
  }

  /** A put of a held key keeps the live value (which the bytes encode) and only reaches the changelog. */
  @Override
  public void put(Bytes key, byte[] value) {
    if (value == null) {
      map.remove(key);
    } else if (!(map.get(key) instanceof Live)) {
      map.put(key, value);
    }
  }

  @Override
  public byte[] putIfAbsent(Bytes key, byte[] value) {
    byte[] old = get(key);
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
    return bytes(map.remove(key));
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
      for (Map.Entry<Bytes, Object> e : map.entrySet()) {
        if ((from == null || e.getKey().compareTo(from) >= 0) && (to == null || e.getKey().compareTo(to) <= 0)) {
          entries.add(KeyValue.pair(e.getKey(), bytes(e.getValue())));
        }
      }
    }
    entries.sort(reverse ? (a, b) -> b.key.compareTo(a.key) : (a, b) -> a.key.compareTo(b.key));
    return new SnapshotIterator<>(entries.iterator());
  }

  /** A stored value as bytes: a held one encoded under the read lock (reentrant for the owner's own reads). */
  private byte[] bytes(Object value) {
    if (!(value instanceof Live live)) {
      return (byte[]) value;
    }
    Lock read = lock.readLock();
    try {
      if (!read.tryLock(READ_WAIT_MS, TimeUnit.MILLISECONDS)) {
        throw new InvalidStateStoreException("Store " + name + " is busy: its stream thread has been on one record"
            + " for " + READ_WAIT_MS + " ms (waiting on the broker?); retry");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InvalidStateStoreException("Interrupted while reading store " + name);
    }
    try {
      return live.encode();
    } finally {
      read.unlock();
    }
  }
}
