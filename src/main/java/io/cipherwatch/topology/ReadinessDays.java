package io.cipherwatch.topology;

import io.cipherwatch.readiness.DayBucketCodec;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;

/**
 * The days of offer signatures of a task's (trunk, direction) pairs, for readers outside the topology (queries,
 * gauges): the finished days are in {@code readiness-state}, the newest day of each pair in its
 * {@code trunk-state} record.
 */
public final class ReadinessDays {
  private ReadinessDays() {}

  /**
   * Every day as a {@code readiness-state} entry ({@link DayBucketCodec} key and value). A day found in both
   * stores is taken from {@code trunk-state}; read {@code trunk-state} first, so a day that moves to
   * {@code readiness-state} between the two reads is seen once. An undecodable {@code trunk-state} record is
   * skipped.
   *
   * @param trunkState the (key, value) entries of {@code trunk-state}
   * @param readinessState the (key, value) entries of {@code readiness-state}
   */
  public static List<Map.Entry<byte[], byte[]>> merge(List<Map.Entry<byte[], byte[]>> trunkState,
      List<Map.Entry<byte[], byte[]>> readinessState) {
    List<Map.Entry<byte[], byte[]>> out = new ArrayList<>(trunkState.size() + readinessState.size());
    Set<Bytes> newest = new HashSet<>();
    for (Map.Entry<byte[], byte[]> e : trunkState) {
      TrunkState s;
      try {
        s = TrunkState.decode(e.getKey(), e.getValue());
      } catch (RuntimeException ex) {
        continue;
      }
      if (s.offers != null) {
        byte[] key = DayBucketCodec.key(s.trunkId, s.direction, s.offers.epochDay());
        newest.add(Bytes.wrap(key));
        out.add(new AbstractMap.SimpleEntry<>(key, DayBucketCodec.encode(s.offers)));
      }
    }
    for (Map.Entry<byte[], byte[]> e : readinessState) {
      if (!newest.contains(Bytes.wrap(e.getKey()))) {
        out.add(e);
      }
    }
    return out;
  }
}
