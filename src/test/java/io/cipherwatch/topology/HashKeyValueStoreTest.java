package io.cipherwatch.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.policy.Classification;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class HashKeyValueStoreTest {
  private final KeyValueStore<Bytes, byte[]> store = HashKeyValueStore.supplier("s").get();

  private static Bytes k(String s) {
    return Bytes.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] v(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> keys(KeyValueIterator<Bytes, byte[]> it) {
    List<String> out = new ArrayList<>();
    try (it) {
      while (it.hasNext()) {
        out.add(new String(it.next().key.get(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  @Test
  void putGetDeleteAndNullValuesDelete() {
    store.put(k("a"), v("1"));
    assertArrayEquals(v("1"), store.get(k("a")));
    store.put(k("a"), v("2"));
    assertArrayEquals(v("2"), store.get(k("a")));
    assertArrayEquals(v("2"), store.putIfAbsent(k("a"), v("3")));
    assertNull(store.putIfAbsent(k("b"), v("4")));
    assertEquals(2, store.approximateNumEntries());
    store.put(k("b"), null);
    assertNull(store.get(k("b")));
    assertArrayEquals(v("2"), store.delete(k("a")));
    assertEquals(0, store.approximateNumEntries());
    store.putAll(List.of(KeyValue.pair(k("x"), v("1")), KeyValue.pair(k("y"), v("2"))));
    assertEquals(2, store.approximateNumEntries());
  }

  @Test
  void scansAreSortedSnapshotsWithInclusiveBounds() {
    for (String s : List.of("d", "a", "c", "b", "e")) {
      store.put(k(s), v(s));
    }
    assertEquals(List.of("a", "b", "c", "d", "e"), keys(store.all()));
    assertEquals(List.of("e", "d", "c", "b", "a"), keys(store.reverseAll()));
    assertEquals(List.of("b", "c", "d"), keys(store.range(k("b"), k("d"))));
    assertEquals(List.of("d", "c", "b"), keys(store.reverseRange(k("b"), k("d"))));
    assertEquals(List.of(), keys(store.range(k("d"), k("b"))));
    KeyValueIterator<Bytes, byte[]> it = store.all();
    store.put(k("0"), v("0"));
    assertEquals(k("a"), it.peekNextKey());
    assertEquals(k("a"), it.next().key);
    assertEquals(4, keys(it).size());
    assertFalse(it.hasNext());
    assertThrows(NoSuchElementException.class, it::peekNextKey);
  }

  @Test
  void closeEmptiesTheStoreLikeKafkasInMemoryStore() {
    store.put(k("a"), v("1"));
    store.close();
    assertFalse(store.isOpen());
    assertEquals(0, store.approximateNumEntries());
  }

  @Test
  void aHeldValueIsEncodedWhenReadAndTheOwnersPutsOnlyReachTheChangelog() {
    HashKeyValueStore held = (HashKeyValueStore) store;
    TrunkState s = TrunkState.empty("trunk-1", (byte) 0);
    s.count(0, Classification.CLEAN, 0xC02F);
    held.hold(Bytes.wrap(s.key), s);
    store.put(Bytes.wrap(s.key), v("an older encoding"));
    assertArrayEquals(s.encode(), store.get(Bytes.wrap(s.key)));
    s.count(0, Classification.CLEAN, 0xC02F);
    assertArrayEquals(s.encode(), store.get(Bytes.wrap(s.key)), "a read sees the live state, not a copy");
    assertEquals(2, TrunkState.decode(s.key, keysAndValues(store.all()).get(0).value).pane(0).handshakes());
    store.put(k("other"), v("1"));
    assertArrayEquals(v("1"), store.get(k("other")));

    held.release();
    byte[] released = s.encode();
    s.count(0, Classification.CLEAN, 0xC02F);
    assertArrayEquals(released, store.get(Bytes.wrap(s.key)), "released: bytes again, the state is the owner's");
    store.put(Bytes.wrap(s.key), v("2"));
    assertArrayEquals(v("2"), store.get(Bytes.wrap(s.key)));

    held.hold(Bytes.wrap(s.key), s);
    assertArrayEquals(s.encode(), store.delete(Bytes.wrap(s.key)));
    assertNull(store.get(Bytes.wrap(s.key)));
  }

  /**
   * A reader on another thread never sees a state halfway through a change: the writer counts handshake i and
   * sets lastSeen to i under the write lock, growing the pane arrays as it goes, and every read decodes to a state
   * whose panes hold exactly lastSeen handshakes.
   */
  @Test
  void readersOnOtherThreadsSeeOnlyWholeChanges() throws Exception {
    HashKeyValueStore held = (HashKeyValueStore) store;
    TrunkState s = TrunkState.empty("trunk-1", (byte) 1);
    Bytes key = Bytes.wrap(s.key);
    Lock write = held.writeLock();
    write.lock();
    try {
      s.lastSeen = 0;
      held.hold(key, s);
    } finally {
      write.unlock();
    }
    AtomicBoolean done = new AtomicBoolean();
    CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
      int reads = 0;
      while (!done.get() || reads == 0) {
        TrunkState copy = TrunkState.decode(s.key, store.get(key));
        long total = 0;
        for (int i = 0; i < copy.paneCount(); i++) {
          total += copy.pane(i).handshakes();
        }
        assertEquals(copy.lastSeen, total, "panes and lastSeen from the same moment");
        reads++;
      }
      return reads;
    });
    Classification[] classes = Classification.values();
    for (int i = 1; i <= 200_000 && !reader.isDone(); i++) {
      write.lock();
      try {
        s.count(i / 200 * 300_000L, classes[i % classes.length], 0xC000 + i % 40);
        s.lastSeen = i;
      } finally {
        write.unlock();
      }
    }
    done.set(true);
    assertTrue(reader.get() > 0);
  }

  @Test
  void aReaderGivesUpWhenTheOwnerHoldsTheLockTooLong() throws Exception {
    HashKeyValueStore held = (HashKeyValueStore) store;
    TrunkState s = TrunkState.empty("trunk-1", (byte) 0);
    held.hold(Bytes.wrap(s.key), s);
    Lock write = held.writeLock();
    write.lock();
    try {
      assertArrayEquals(s.encode(), store.get(Bytes.wrap(s.key)), "the owner reads under its own lock");
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> CompletableFuture.supplyAsync(() -> store.get(Bytes.wrap(s.key))).get());
      assertInstanceOf(InvalidStateStoreException.class, e.getCause());
      assertTrue(e.getCause().getMessage().contains("busy"), e.getCause().getMessage());
    } finally {
      write.unlock();
    }
    assertArrayEquals(s.encode(), CompletableFuture.supplyAsync(() -> store.get(Bytes.wrap(s.key))).get());
  }

  private static List<KeyValue<Bytes, byte[]>> keysAndValues(KeyValueIterator<Bytes, byte[]> it) {
    List<KeyValue<Bytes, byte[]>> out = new ArrayList<>();
    try (it) {
      it.forEachRemaining(out::add);
    }
    return out;
  }
}
