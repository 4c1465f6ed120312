package io.cipherwatch.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The decoded {@link TrunkState}s of one window-processor task, by direction and trunkId. When the task's
 * {@code trunk-state} store is a {@link HashKeyValueStore} registered with the processor's
 * {@link HashKeyValueStore.Owners}, the store holds these states by reference instead of a second, encoded copy
 * of each; every change to them is then made under {@link #lock()}, the store's write lock, so its readers on
 * other threads (queries, gauges) see whole changes only.
 */
final class TaskStates implements ReadinessEvaluator.States {
  /** The states by trunkId, one map per direction ordinal. */
  @SuppressWarnings("unchecked")
  final Map<String, TrunkState>[] byDirection = new Map[] {new HashMap<>(), new HashMap<>()};
  /** The store holding the states, or null when it keeps its own bytes (or nothing, offline). */
  private final HashKeyValueStore store;
  private final Lock lock;

  /** The states of a task, held by {@code store} (the task's trunk-state store), or by none when null. */
  TaskStates(HashKeyValueStore store) {
    this.store = store;
    this.lock = store == null ? new ReentrantLock() : store.writeLock();
  }

  /** Held by the processor while it changes states. */
  Lock lock() {
    return lock;
  }

  /** Runs {@code step} under {@link #lock()}. */
  void locked(Runnable step) {
    lock.lock();
    try {
      step.run();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public TrunkState of(int directionOrdinal, String trunkId) {
    return byDirection[directionOrdinal].get(trunkId);
  }

  /** The pair's state, created empty (and held by the store) when new. */
  TrunkState getOrCreate(byte direction, String trunkId) {
    TrunkState s = byDirection[direction].get(trunkId);
    if (s == null) {
      s = TrunkState.empty(sharedId(trunkId), direction);
      add(s);
    }
    return s;
  }

  /** Adds a state (new, or decoded from the store) and has the store hold it. */
  void add(TrunkState s) {
    byDirection[s.direction].put(s.trunkId, s);
    if (store != null) {
      store.hold(Bytes.wrap(s.key), s);
    }
  }

  /** Replaces the states by those decoded from the (restored) {@code trunk-state} store; returns them in its order. */
  List<TrunkState> load(KeyValueStore<Bytes, byte[]> trunkStates) {
    byDirection[0].clear();
    byDirection[1].clear();
    List<TrunkState> loaded = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = trunkStates.all()) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> kv = it.next();
        TrunkState s = TrunkState.decode(kv.key.get(), kv.value, this::sharedId);
        add(s);
        loaded.add(s);
      }
    }
    return loaded;
  }

  /** The processor is closing: the store goes back to holding bytes. */
  void release() {
    if (store != null) {
      store.release();
    }
  }
}
