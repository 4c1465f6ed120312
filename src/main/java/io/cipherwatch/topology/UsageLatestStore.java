package io.cipherwatch.topology;

import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.TrunkMetadata;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The {@code usage-latest} store: each (trunk, direction)'s row of its newest closed window with handshakes, keyed
 * "trunkId|DIRECTION" ({@link StoreKeys#usageLatest}). It holds nothing itself: a read decodes the key's
 * {@code trunk-state} record and sums that window's panes, which are final once the window closed (later events
 * fall in later panes, and late ones are refused), so it is the row emitted at the close. The trunk's metadata and
 * the policy version are read at query time. Kafka Streams serves it to interactive queries like any key-value
 * store; the window processor of the same task {@link #bind binds} it to its stores when it starts. Safe to read
 * from any thread: it only reads stores. Scans copy and sort the rows.
 */
final class UsageLatestStore implements ReadOnlyKeyValueStore<String, CipherUsage>, StateStore {
  private static final Direction[] DIRECTIONS = Direction.values();

  /** What a read needs: the task's stores, its windows and the live metadata and policy version. */
  record Source(ReadOnlyKeyValueStore<Bytes, byte[]> trunkStates, ReadOnlyKeyValueStore<Bytes, byte[]> progress,
      Function<String, TrunkMetadata> metadata, long size, long advance, LongSupplier policyVersion) {}

  private final String name;
  private volatile Source source;
  private volatile boolean open;

  UsageLatestStore(String name) {
    this.name = name;
  }

  /** A builder of such stores: never logged nor cached, since they hold nothing. */
  static StoreBuilder<UsageLatestStore> builder(String name) {
    return new StoreBuilder<>() {
      @Override
      public StoreBuilder<UsageLatestStore> withCachingEnabled() {
        return this;
      }

      @Override
      public StoreBuilder<UsageLatestStore> withCachingDisabled() {
        return this;
      }

      @Override
      public StoreBuilder<UsageLatestStore> withLoggingEnabled(Map<String, String> config) {
        throw new UnsupportedOperationException(name + " is derived from trunk-state and has no changelog");
      }

      @Override
      public StoreBuilder<UsageLatestStore> withLoggingDisabled() {
        return this;
      }

      @Override
      public UsageLatestStore build() {
        return new UsageLatestStore(name);
      }

      @Override
      public Map<String, String> logConfig() {
        return Map.of();
      }

      @Override
      public boolean loggingEnabled() {
        return false;
      }

      @Override
      public String name() {
        return name;
      }
    };
  }

  /** Called by the window processor of this store's task when it starts. */
  void bind(Source source) {
    this.source = source;
  }

  /** The newest closed window end recorded in a {@code usage-progress} store, or {@link TrunkState#NONE}. */
  static long closedEnd(ReadOnlyKeyValueStore<Bytes, byte[]> progress) {
    byte[] p = progress.get(StoreKeys.USAGE_PROGRESS);
    return p == null ? TrunkState.NONE : ByteBuffer.wrap(p).getLong();
  }

  @Override
  public CipherUsage get(String key) {
    Source s = bound();
    int bar = key.lastIndexOf('|');
    Direction direction = bar < 0 ? null : direction(key.substring(bar + 1));
    if (direction == null) {
      return null;
    }
    String trunkId = key.substring(0, bar);
    byte[] stateKey = StoreKeys.trunkState(trunkId, (byte) direction.ordinal());
    byte[] value = s.trunkStates().get(Bytes.wrap(stateKey));
    return value == null ? null : row(s, closedEnd(s.progress()), TrunkState.decode(stateKey, value));
  }

  @Override
  public KeyValueIterator<String, CipherUsage> range(String from, String to) {
    return scan(from, to, false);
  }

  @Override
  public KeyValueIterator<String, CipherUsage> reverseRange(String from, String to) {
    return scan(from, to, true);
  }

  @Override
  public KeyValueIterator<String, CipherUsage> all() {
    return scan(null, null, false);
  }

  @Override
  public KeyValueIterator<String, CipherUsage> reverseAll() {
    return scan(null, null, true);
  }

  @Override
  public long approximateNumEntries() {
    return bound().trunkStates().approximateNumEntries();
  }

  /** The rows with keys in [from, to] (null: unbounded), sorted by key. */
  private KeyValueIterator<String, CipherUsage> scan(String from, String to, boolean reverse) {
    Source s = bound();
    long closedEnd = closedEnd(s.progress());
    List<KeyValue<String, CipherUsage>> rows = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = s.trunkStates().all()) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> kv = it.next();
        String key = StoreKeys.usageLatest(StoreKeys.trunkIdOfState(kv.key.get()),
            DIRECTIONS[StoreKeys.directionOfState(kv.key.get())]);
        if ((from == null || key.compareTo(from) >= 0) && (to == null || key.compareTo(to) <= 0)) {
          CipherUsage row = row(s, closedEnd, TrunkState.decode(kv.key.get(), kv.value));
          if (row != null) {
            rows.add(KeyValue.pair(key, row));
          }
        }
      }
    }
    Comparator<KeyValue<String, CipherUsage>> byKey = Comparator.comparing(kv -> kv.key);
    rows.sort(reverse ? byKey.reversed() : byKey);
    return new SnapshotIterator<>(rows.iterator());
  }

  /** The state's row of its newest closed window with handshakes, or null when none has closed. */
  private static CipherUsage row(Source s, long closedEnd, TrunkState state) {
    if (closedEnd == TrunkState.NONE) {
      return null;
    }
    long end = state.lastWindowEnd(closedEnd, s.size(), s.advance());
    if (end == TrunkState.NONE) {
      return null;
    }
    UsageCounts counts = state.countsIn(end - s.size(), end, new UsageCounts());
    return AvroRecords.usage(state.trunkId, DIRECTIONS[state.direction], end - s.size(), end, counts,
        s.metadata().apply(state.trunkId), s.policyVersion().getAsLong());
  }

  private Source bound() {
    Source s = source;
    if (!open || s == null) {
      throw new InvalidStateStoreException(name + " is not ready: its task is starting or closed; retry");
    }
    return s;
  }

  private static Direction direction(String name) {
    for (Direction d : DIRECTIONS) {
      if (d.name().equals(name)) {
        return d;
      }
    }
    return null;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    context.register(root, (key, value) -> {
      // no changelog: nothing is ever restored
    });
    open = true;
  }

  @Override
  public void close() {
    open = false;
    source = null;
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
    return Position.emptyPosition();
  }
}
