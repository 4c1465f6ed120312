package io.cipherwatch.topology;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

/** A store iterator over entries already copied out of the store: closing it releases nothing. */
final class SnapshotIterator<K, V> implements KeyValueIterator<K, V> {
  private final Iterator<KeyValue<K, V>> it;
  private KeyValue<K, V> next;

  SnapshotIterator(Iterator<KeyValue<K, V>> it) {
    this.it = it;
  }

  @Override
  public boolean hasNext() {
    return next != null || it.hasNext();
  }

  @Override
  public KeyValue<K, V> next() {
    if (next != null) {
      KeyValue<K, V> n = next;
      next = null;
      return n;
    }
    return it.next();
  }

  @Override
  public K peekNextKey() {
    if (next == null) {
      if (!it.hasNext()) {
        throw new NoSuchElementException();
      }
      next = it.next();
    }
    return next.key;
  }

  @Override
  public void close() {}
}
