package io.cipherwatch.bench;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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

  Result run(OutputVolume written, long events, double baselineEventsPerSec) throws Exception {
    long records = written.records();
    long bytes = written.bytes();
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
      for (OutputVolume.Topic t : written.byTopic().values()) {
        byte[] value = new byte[t.valueBytes()];
        for (long k = 0; k < t.records(); k++, i++) {
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
