package io.cipherwatch.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.avro.TrunkMetadata;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.Test;

class MetadataCacheTest {
  private final Map<String, ValueAndTimestamp<byte[]>> store = new HashMap<>();
  private final AtomicLong writes = new AtomicLong();
  private final Map<String, Integer> reads = new HashMap<>();
  private final MetadataCache cache = new MetadataCache(id -> {
    reads.merge(id, 1, Integer::sum);
    return store.get(id);
  }, MetadataCacheTest::decode, writes::get, 3);

  /** A stand-in decoder: the bytes are the trunk name, "bad" does not decode. */
  private static TrunkMetadata decode(byte[] bytes) {
    String name = new String(bytes, StandardCharsets.UTF_8);
    if (name.equals("bad")) {
      throw new IllegalArgumentException("undecodable");
    }
    // every string a new instance, as a decoder makes them
    return TrunkMetadata.newBuilder().setTrunkId(fresh("t")).setTrunkName(name).setOrganizationId(fresh("o"))
        .setOrganizationName(fresh("O")).setTrunkType(fresh("BYOC_CLOUD")).setCarrier(fresh("c"))
        .setRegion(fresh("r")).setContact(fresh("noc@o.example")).setLabels(new HashMap<>(Map.of("tier", "gold"))).build();
  }

  private static String fresh(String s) {
    return new String(s.toCharArray());
  }

  private void put(String id, String value) {
    // as the global store does: a tombstone (null value) leaves no entry
    store.put(id, ValueAndTimestamp.make(value == null ? null : value.getBytes(StandardCharsets.UTF_8), 1L));
    writes.incrementAndGet();
  }

  @Test
  void absentTombstonedUndecodableAndDecodedEntriesAreTold() {
    put("gone", null);
    put("bad", "bad");
    put("ok", "Trunk OK");
    assertEquals(MetadataCache.Entry.ABSENT, cache.get("none"));
    assertEquals(MetadataCache.Entry.ABSENT, cache.get("gone"));
    MetadataCache.Entry bad = cache.get("bad");
    assertTrue(bad.present() && bad.undecodable());
    assertNull(bad.value());
    assertEquals("bad", new String(bad.undecodableBytes(), StandardCharsets.UTF_8));
    MetadataCache.Entry ok = cache.get("ok");
    assertTrue(ok.present());
    assertFalse(ok.undecodable());
    assertEquals("Trunk OK", ok.value().getTrunkName());
    // a usage row's metadata fields, encoded once: those of the value, or all null when there is none
    assertArrayEquals(UsageRow.metadataAvro(ok.value()), ok.usageAvro());
    assertArrayEquals(UsageRow.metadataAvro(null), bad.usageAvro());
    assertArrayEquals(UsageRow.metadataAvro(null), cache.get("none").usageAvro());
  }

  @Test
  void readsTheStoreOnceUntilItIsWritten() {
    put("ok", "A");
    TrunkMetadata first = cache.get("ok").value();
    assertSame(first, cache.get("ok").value());
    assertEquals(1, reads.get("ok"));
    put("ok", "B");
    assertEquals("B", cache.get("ok").value().getTrunkName(), "a write to the store is seen at the next lookup");
    assertEquals(2, reads.get("ok"));
  }

  @Test
  void cachedValuesDropLabelsAndShareTheCommonStrings() {
    put("a", "A");
    put("b", "B");
    TrunkMetadata a = cache.get("a").value();
    TrunkMetadata b = cache.get("b").value();
    assertTrue(a.getLabels().isEmpty(), "labels are in no output");
    assertEquals("a", a.getTrunkId());
    assertEquals("A", a.getTrunkName());
    assertEquals("O", b.getOrganizationName());
    assertSame(a.getOrganizationName(), b.getOrganizationName());
    assertSame(a.getCarrier(), b.getCarrier());
    assertSame(a.getRegion(), b.getRegion());
    assertSame(a.getTrunkType(), b.getTrunkType());
    assertSame(a.getOrganizationId(), b.getOrganizationId());
    assertSame(a.getContact(), b.getContact());
  }

  @Test
  void theGenerationChangesExactlyWhenTheCacheStartsAfresh() {
    put("a", "A");
    long g = cache.generation();
    cache.get("a");
    assertEquals(g, cache.generation(), "lookups keep it");
    put("b", "B");
    long written = cache.generation();
    assertNotEquals(g, written, "a write to the store changes it");
    cache.get("a");
    cache.get("b");
    cache.get("c");
    assertEquals(written, cache.generation() - 1, "a full cache starts afresh and changes it");
  }

  @Test
  void startsAfreshWhenFull() {
    for (String id : new String[] {"a", "b", "c"}) {
      put(id, id);
    }
    cache.get("a");
    cache.get("b");
    cache.get("c");
    cache.get("a");
    assertEquals(2, reads.get("a"), "the fourth lookup found the cache full and emptied it");
    cache.get("b");
    assertEquals(2, reads.get("b"));
  }
}
