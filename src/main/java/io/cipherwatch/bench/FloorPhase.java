package io.cipherwatch.bench;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What reading the input and writing the topology's output costs with bare clients: a transactional producer
 * (Streams' batching, a commit every 100 ms) writes as many records of the same average sizes as the
 * at-least-once instance wrote to all its topics (outputs, changelogs, repartition), counted from the broker.
 * Baseline time + this time is the floor of any processor that reads these events and writes these records
 * one after the other on this machine.
 */
final class FloorPhase {
  /** The records and bytes written, the producer's seconds and the floor rate (events/s). */
  record Result(long records, long bytes, double writeSeconds, double eventsPerSec) {
    void report(Map<String, Object> out) {
      out.put("outputRecords", records);
      out.put("outputBytes", bytes);
      out.put("outputWriteSeconds", writeSeconds);
      out.put("floorEventsPerSec", eventsPerSec);
    }
  }

  private final BenchContext c;

  FloorPhase(BenchContext c) {
    this.c = c;
  }

  Result run(List<String> writtenTopics, long events, double baselineEventsPerSec) throws Exception {
    Map<String, long[]> written = new LinkedHashMap<>();
    Map<TopicPartition, Long> sizes = new HashMap<>();
    List<Integer> brokers = c.admin.describeCluster().nodes().get().stream().map(n -> n.id()).toList();
    c.admin.describeLogDirs(brokers).allDescriptions().get().values().forEach(dirs ->
        dirs.values().forEach(d -> d.replicaInfos().forEach((tp, info) -> sizes.put(tp, info.size()))));
    long records = 0;
    long bytes = 0;
    for (String t : writtenTopics) {
      long n = 0;
      long b = 0;
      for (Map.Entry<TopicPartition, Long> e : c.endOffsets(t).entrySet()) {
        n += e.getValue();
        b += sizes.getOrDefault(e.getKey(), 0L);
      }
      written.put(t, new long[] {n, b});
      records += n;
      bytes += b;
    }
    String floorTopic = "bench-" + c.runId + "-floor";
    c.kafka.createTopics(c.o.partitions(), floorTopic);
    Map<String, Object> p = c.producerConfig(100, 512 * 1024);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-" + c.runId + "-floor");
    byte[][] keys = new byte[4096][];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = String.format("trunk-%05d", i).getBytes(StandardCharsets.UTF_8);
    }
    long began;
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      producer.initTransactions();
      began = System.nanoTime();
      long committed = began;
      producer.beginTransaction();
      long i = 0;
      for (long[] nb : written.values()) {
        // the stored size includes about 70 bytes of per-record and per-batch framing
        byte[] value = new byte[(int) Math.max(1, nb[0] == 0 ? 0 : nb[1] / nb[0] - 70)];
        for (long k = 0; k < nb[0]; k++, i++) {
          producer.send(new ProducerRecord<>(floorTopic, keys[(int) (i & 4095)], value));
          if ((i & 1023) == 0 && System.nanoTime() - committed > 100_000_000L) {
            producer.commitTransaction();
            producer.beginTransaction();
            committed = System.nanoTime();
          }
        }
      }
      producer.commitTransaction();
    }
    double seconds = BenchContext.seconds(began);
    double baselineSeconds = events / baselineEventsPerSec;
    double floorRate = events / (baselineSeconds + seconds);
    c.log.printf("floor      a bare transactional producer writes the %,d records (%,d MB) the topology wrote in"
        + " %.1f s; reading + writing alone: %,.0f events/s%n", records, bytes >> 20, seconds, floorRate);
    c.endPhase("floor", seconds, Map.of("eventsPerSec", floorRate));
    return new Result(records, bytes, seconds, floorRate);
  }
}
