package io.cipherwatch.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The input records of one task set aside, in arrival order, while the schema registry is unavailable: kept in
 * the changelogged {@code parked-handshakes} store (key: 8-byte big-endian sequence number; value: the raw
 * record with its offset), so they survive a restart or a move of the task and are committed together with the
 * consumer offsets that skipped them (exactly once).
 */
final class ParkedRecords {
  /** One parked record with where it was read from. */
  record Parked(long seq, Record<byte[], byte[]> record, int partition, long offset) {
  }

  private final KeyValueStore<Bytes, byte[]> store;
  private long head;
  private long next;
  private long size;

  /** Wraps the store and finds the first and next sequence numbers of what it holds (after a restore). */
  ParkedRecords(KeyValueStore<Bytes, byte[]> store) {
    this.store = store;
    long first = -1;
    long last = -1;
    long n = 0;
    try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
      while (it.hasNext()) {
        long seq = ByteBuffer.wrap(it.next().key.get()).getLong();
        first = first < 0 ? seq : Math.min(first, seq);
        last = Math.max(last, seq);
        n++;
      }
    }
    head = n == 0 ? 0 : first;
    next = n == 0 ? 0 : last + 1;
    size = n;
  }

  boolean isEmpty() {
    return size == 0;
  }

  long size() {
    return size;
  }

  /** Appends one record after every record already parked. */
  void append(Record<byte[], byte[]> r, int partition, long offset) {
    store.put(key(next++), encode(r, partition, offset));
    size++;
  }

  /** The oldest parked record, or null when none is. */
  Parked first() {
    if (size == 0) {
      return null;
    }
    byte[] v = store.get(key(head));
    if (v == null) {
      // a gap cannot happen (only the head is ever removed), but never spin on one
      try (KeyValueIterator<Bytes, byte[]> it = store.range(key(head), key(Long.MAX_VALUE))) {
        if (!it.hasNext()) {
          size = 0;
          head = next;
          return null;
        }
        KeyValue<Bytes, byte[]> kv = it.next();
        head = ByteBuffer.wrap(kv.key.get()).getLong();
        v = kv.value;
      }
    }
    return decode(head, v);
  }

  /** Removes the oldest parked record (the one {@link #first()} returned). */
  void removeFirst() {
    store.delete(key(head++));
    size--;
    if (size == 0) {
      head = next;
    }
  }

  private static Bytes key(long seq) {
    return Bytes.wrap(ByteBuffer.allocate(8).putLong(seq).array());
  }

  static byte[] encode(Record<byte[], byte[]> r, int partition, long offset) {
    Header[] headers = r.headers().toArray();
    int size = 8 + 8 + 4 + 4 + len(r.key()) + len(r.value()) + 4;
    for (Header h : headers) {
      size += len(h.key().getBytes(StandardCharsets.UTF_8)) + len(h.value());
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.putLong(r.timestamp()).putLong(offset).putInt(partition);
    put(b, r.key());
    put(b, r.value());
    b.putInt(headers.length);
    for (Header h : headers) {
      put(b, h.key().getBytes(StandardCharsets.UTF_8));
      put(b, h.value());
    }
    return b.array();
  }

  static Parked decode(long seq, byte[] v) {
    ByteBuffer b = ByteBuffer.wrap(v);
    long timestamp = b.getLong();
    long offset = b.getLong();
    int partition = b.getInt();
    byte[] key = get(b);
    byte[] value = get(b);
    int n = b.getInt();
    Headers headers = new RecordHeaders();
    for (int i = 0; i < n; i++) {
      byte[] hk = get(b);
      headers.add(new String(hk, StandardCharsets.UTF_8), get(b));
    }
    return new Parked(seq, new Record<>(key, value, timestamp, headers), partition, offset);
  }

  private static int len(byte[] a) {
    return 4 + (a == null ? 0 : a.length);
  }

  private static void put(ByteBuffer b, byte[] a) {
    if (a == null) {
      b.putInt(-1);
    } else {
      b.putInt(a.length).put(a);
    }
  }

  private static byte[] get(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0) {
      return null;
    }
    byte[] a = new byte[n];
    b.get(a);
    return a;
  }
}
