package io.cipherwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cipherwatch.readiness.DayBucket;
import io.cipherwatch.readiness.DayBucketCodec;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The days of offers as readers see them: finished days from readiness-state, the newest from trunk-state. */
class ReadinessDaysTest {
  static final TrunkState.Scratch SCRATCH = new TrunkState.Scratch(64, 16);

  static DayBucket bucket(long day, int chosen, int times) {
    DayBucket b = new DayBucket(day);
    int[] offer = {chosen};
    for (int i = 0; i < times; i++) {
      b.add(offer, 1, chosen, false);
    }
    return b;
  }

  static Map.Entry<byte[], byte[]> state(String trunk, int dir, DayBucket offers) {
    TrunkState s = TrunkState.empty(trunk, (byte) dir);
    s.offers = offers;
    return new AbstractMap.SimpleEntry<>(s.key, s.encode(SCRATCH));
  }

  static Map.Entry<byte[], byte[]> day(String trunk, int dir, DayBucket b) {
    return new AbstractMap.SimpleEntry<>(DayBucketCodec.key(trunk, dir, b.epochDay()), DayBucketCodec.encode(b));
  }

  /** "trunk/dir/day=handshakes" per entry, sorted. */
  static List<String> describe(List<Map.Entry<byte[], byte[]>> entries) {
    TreeMap<String, Long> out = new TreeMap<>();
    for (Map.Entry<byte[], byte[]> e : entries) {
      byte[] k = e.getKey();
      String name = DayBucketCodec.trunkId(k) + "/" + DayBucketCodec.direction(k) + "/" + DayBucketCodec.epochDay(k);
      Long before = out.put(name, DayBucketCodec.decode(DayBucketCodec.epochDay(k), e.getValue()).handshakes());
      assertEquals(null, before, "one entry per day: " + name);
    }
    return out.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
  }

  @Test
  void theNewestDayComesFromTrunkStateAndWinsOverAStaleCopy() {
    List<Map.Entry<byte[], byte[]>> trunkState = List.of(
        state("t1", 0, bucket(100, 0xC02F, 5)),
        state("t2", 1, null), // a state without offers
        new AbstractMap.SimpleEntry<>(new byte[] {0, 'x'}, new byte[] {9, 9})); // undecodable: skipped
    List<Map.Entry<byte[], byte[]>> readinessState = List.of(
        day("t1", 0, bucket(99, 0x003D, 2)),
        day("t1", 0, bucket(100, 0xC02F, 3)), // written before an upgrade or a rollover: older than trunk-state's
        day("t2", 1, bucket(98, 0xC030, 1)));
    assertEquals(List.of("t1/0/100=5", "t1/0/99=2", "t2/1/98=1"),
        describe(ReadinessDays.merge(trunkState, readinessState)));
  }
}
