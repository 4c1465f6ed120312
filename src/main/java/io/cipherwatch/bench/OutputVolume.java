package io.cipherwatch.bench;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The records and bytes an instance wrote to each of its topics (outputs, changelogs, repartition topic), counted
 * from the broker's end offsets and log sizes: exact for an at-least-once instance, whose logs hold no transaction
 * markers. The stored size includes about {@value #FRAMING} bytes of per-record and per-batch framing.
 */
record OutputVolume(Map<String, Topic> byTopic) {
  /** Framing bytes per stored record, subtracted to get a record's key and value size. */
  private static final int FRAMING = 70;

  /** One topic's records and stored bytes. */
  record Topic(long records, long bytes) {
    /** The average value size that, with a short key and the framing, stores as many bytes (at least 1). */
    int valueBytes() {
      return (int) Math.max(1, records == 0 ? 0 : bytes / records - FRAMING);
    }
  }

  /** Counts what was written to {@code topics}. */
  static OutputVolume of(BenchContext c, List<String> topics) throws Exception {
    Map<TopicPartition, Long> sizes = new HashMap<>();
    List<Integer> brokers = c.admin.describeCluster().nodes().get().stream().map(n -> n.id()).toList();
    c.admin.describeLogDirs(brokers).allDescriptions().get().values().forEach(dirs ->
        dirs.values().forEach(d -> d.replicaInfos().forEach((tp, info) -> sizes.put(tp, info.size()))));
    Map<String, Topic> byTopic = new LinkedHashMap<>();
    for (String t : topics) {
      long n = 0;
      long b = 0;
      for (Map.Entry<TopicPartition, Long> e : c.endOffsets(t).entrySet()) {
        n += e.getValue();
        b += sizes.getOrDefault(e.getKey(), 0L);
      }
      byTopic.put(t, new Topic(n, b));
    }
    return new OutputVolume(Collections.unmodifiableMap(byTopic));
  }

  long records() {
    return byTopic.values().stream().mapToLong(Topic::records).sum();
  }

  long bytes() {
    return byTopic.values().stream().mapToLong(Topic::bytes).sum();
  }

  /** The topic whose name ends with {@code suffix}, or an empty one. */
  Topic endingWith(String suffix) {
    return byTopic.entrySet().stream().filter(e -> e.getKey().endsWith(suffix)).map(Map.Entry::getValue)
        .findFirst().orElse(new Topic(0, 0));
  }
}
