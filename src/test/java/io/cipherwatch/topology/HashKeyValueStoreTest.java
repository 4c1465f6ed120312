package io.cipherwatch.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
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
}
