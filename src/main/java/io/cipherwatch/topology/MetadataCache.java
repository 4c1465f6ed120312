package io.cipherwatch.topology;

import io.cipherwatch.avro.TrunkMetadata;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Decoded trunk metadata by trunkId, read through from the global {@code trunk-metadata-store} (raw Avro bytes)
 * and kept while that store has not been written: each lookup first reads the store's write count, and a
 * changed count empties the cache (so a concurrent write by the global thread is seen at the next lookup). The
 * cache holds at most {@code maxEntries} trunks and starts afresh when full. Used by one stream thread.
 *
 * <p>A cached value holds what the outputs use, once: its labels (which no output carries) are dropped, its
 * trunkId is the lookup key, and the organization, carrier, region, trunk type and contact strings, which many
 * trunks share, are one instance each. A value decoded for every trunk costed more heap than the trunk's state.
 */
final class MetadataCache {
  /**
   * A lookup: whether the trunk has an entry, whether it does not decode, the decoded value (or null), for an
   * entry that does not decode its bytes and record timestamp (for the dead letter), and the value's fields of a
   * usage row in Avro ({@link UsageRow#metadataAvro}: encoded once per trunk, not once per row; null only in the
   * entries of {@link #uncached} reads, which hand out the value alone).
   */
  record Entry(boolean present, boolean undecodable, TrunkMetadata value, byte[] undecodableBytes,
      long timestamp, byte[] usageAvro) {
    static final Entry ABSENT = new Entry(false, false, null, null, -1, UsageRow.metadataAvro(null));
  }

  private final Function<String, ValueAndTimestamp<byte[]>> store;
  private final Function<byte[], TrunkMetadata> decoder;
  private final LongSupplier writes;
  private final int maxEntries;
  private final Map<String, Entry> entries = new HashMap<>();
  /** One instance of each shared string of the cached values. */
  private final Map<String, String> shared = new HashMap<>();
  private long entriesWrites = -1;
  private long generation;

  /**
   * @param store reads the global store
   * @param decoder decodes a stored value; throws when it cannot
   * @param writes the store's write count
   * @param maxEntries how many trunks to keep at most
   */
  MetadataCache(Function<String, ValueAndTimestamp<byte[]>> store, Function<byte[], TrunkMetadata> decoder,
      LongSupplier writes, int maxEntries) {
    this.store = store;
    this.decoder = decoder;
    this.writes = writes;
    this.maxEntries = maxEntries;
  }

  /** Most trunks a task's cache holds before it starts afresh. */
  static final int MAX_ENTRIES = 250_000;

  /**
   * A processor's cache over the global {@code trunk-metadata-store} of its task, decoding with
   * {@code deserializer} as records of {@code topic}; {@code writes} is the store's write count.
   */
  static MetadataCache forTask(ProcessorContext<?, ?> context, Deserializer<TrunkMetadata> deserializer,
      String topic, LongSupplier writes) {
    KeyValueStore<String, ValueAndTimestamp<byte[]>> store = context.getStateStore(StoreNames.TRUNK_METADATA);
    return new MetadataCache(store::get, bytes -> deserializer.deserialize(topic, bytes), writes, MAX_ENTRIES);
  }

  /**
   * Reads of the task's global {@code trunk-metadata-store} without a cache, safe from any thread: the decoded
   * value, or null when the trunk has none or it does not decode.
   */
  static Function<String, TrunkMetadata> uncached(ProcessorContext<?, ?> context,
      Deserializer<TrunkMetadata> deserializer, String topic) {
    KeyValueStore<String, ValueAndTimestamp<byte[]>> store = context.getStateStore(StoreNames.TRUNK_METADATA);
    return trunkId -> decode(store.get(trunkId), bytes -> deserializer.deserialize(topic, bytes), false).value();
  }

  /**
   * A number that changes whenever this cache starts afresh (the store was written, or the cache was full): an
   * entry got under another number may be stale and is looked up again. Lets callers keep entries beside their
   * own per-trunk state instead of looking them up in this cache's map each time.
   */
  long generation() {
    long w = writes.getAsLong();
    if (w != entriesWrites || entries.size() >= maxEntries) {
      entries.clear();
      shared.clear();
      entriesWrites = w;
      generation++;
    }
    return generation;
  }

  /** What the store holds for the trunk. Records are never mutated, so callers may share the value. */
  Entry get(String trunkId) {
    generation();
    Entry e = entries.get(trunkId);
    if (e == null) {
      e = decode(store.apply(trunkId), decoder, true);
      if (e.value() != null) {
        slim(trunkId, e.value());
      }
      entries.put(trunkId, e);
    }
    return e;
  }

  /**
   * The entry of the state's trunk, kept beside the state and looked up again only when this cache started afresh
   * since (so most lookups read no map).
   */
  Entry of(TrunkState s) {
    long g = generation();
    if (s.metadataGeneration != g) {
      s.metadata = get(s.trunkId);
      s.metadataGeneration = g;
    }
    return s.metadata;
  }

  /** Drops what no output uses from a freshly decoded value and shares its common strings. */
  private void slim(String trunkId, TrunkMetadata md) {
    md.setTrunkId(trunkId);
    md.setLabels(Map.of());
    md.setOrganizationId(share(md.getOrganizationId()));
    md.setOrganizationName(share(md.getOrganizationName()));
    md.setCarrier(share(md.getCarrier()));
    md.setRegion(share(md.getRegion()));
    md.setTrunkType(share(md.getTrunkType()));
    md.setContact(share(md.getContact()));
  }

  private String share(String s) {
    return s == null ? null : shared.computeIfAbsent(s, x -> x);
  }

  /** The entry of a stored value; with {@code forRows} false, without the usage-row fields (null). */
  private static Entry decode(ValueAndTimestamp<byte[]> v, Function<byte[], TrunkMetadata> decoder,
      boolean forRows) {
    if (v == null) { // none, or deleted (a tombstone)
      return Entry.ABSENT;
    }
    try {
      TrunkMetadata md = decoder.apply(v.value());
      return new Entry(true, false, md, null, v.timestamp(), forRows ? UsageRow.metadataAvro(md) : null);
    } catch (RuntimeException e) {
      return new Entry(true, true, null, v.value(), v.timestamp(), Entry.ABSENT.usageAvro());
    }
  }
}
