package io.cipherwatch.bench;

import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.TrunkMetadata;
import io.cipherwatch.serde.AvroSerde;
import io.cipherwatch.simulate.FleetSimulator;
import io.cipherwatch.simulate.FleetSpec;
import io.cipherwatch.simulate.SimulatedRecord;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Pre-produces simulated handshakes over 6 hours of event time to a topic, and the trunks' metadata the first
 * time. The same 6 hours of the simulator's day every run (yesterday from 09:00 UTC): its traffic follows the
 * time of day, so a start taken from the clock would change the workload, and the figures, from hour to hour.
 */
final class InputPhase {
  static final long HOUR = 3_600_000L;
  static final long DAY = 24 * HOUR;
  static final long SPAN = 6 * HOUR;

  /** What {@link #produce} wrote: the topic's end offsets, malformed records, value bytes, seconds taken. */
  record Produced(String topic, Map<TopicPartition, Long> end, long events, long malformed, long bytes,
      double seconds) {
    void report(Map<String, Object> out) {
      out.put("produceEventsPerSec", events / seconds);
      out.put("malformedEvents", malformed);
      out.put("inputBytes", bytes);
    }
  }

  private final BenchContext c;
  private boolean metadataSent;

  InputPhase(BenchContext c) {
    this.c = c;
  }

  /** The event time of the first pre-produced event. */
  static long start() {
    return Math.floorDiv(System.currentTimeMillis(), DAY) * DAY - DAY + 9 * HOUR;
  }

  Produced produce(String topic, long n, String phase) throws ExecutionException, InterruptedException {
    c.kafka.createTopics(c.o.partitions(), topic);
    long start = start();
    FleetSimulator sim = new FleetSimulator(FleetSpec.defaults(c.o.trunks(), start, SPAN), c.o.seed());
    AvroSerde<HandshakeEvent> events = c.serde(HandshakeEvent.class);
    AvroSerde<TrunkMetadata> trunks = c.serde(TrunkMetadata.class);
    long faults = 0;
    long bytes = 0;
    long began = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer = c.producer(20, 512 * 1024)) {
      if (!metadataSent) {
        // the same seed gives the same trunks every time
        for (TrunkMetadata md : sim.trunks()) {
          producer.send(new ProducerRecord<>(c.metadataTopic, md.getTrunkId().getBytes(StandardCharsets.UTF_8),
              trunks.serializer().serialize(c.metadataTopic, md)));
        }
        metadataSent = true;
      }
      for (long i = 0; i < n; i++) {
        long ts = start + Math.floorDiv(SPAN * i, n);
        SimulatedRecord r = sim.next(ts);
        byte[] value = r.rawValue() != null ? r.rawValue() : events.serializer().serialize(topic, r.event());
        faults += r.isFault() ? 1 : 0;
        bytes += value.length;
        producer.send(new ProducerRecord<>(topic, null, ts, r.key().getBytes(StandardCharsets.UTF_8), value));
      }
      producer.flush();
    }
    double seconds = BenchContext.seconds(began);
    Map<TopicPartition, Long> end = c.endOffsets(topic);
    long total = end.values().stream().mapToLong(Long::longValue).sum();
    if (total != n) {
      throw new IllegalStateException("The input topic holds " + total + " records after producing " + n
          + "; the broker lost or duplicated records");
    }
    c.log.printf("%-10s %,d events (%,d malformed, %,d MB) in %.1f s%n", phase, n, faults, bytes >> 20, seconds);
    c.endPhase(phase, seconds, Map.of());
    return new Produced(topic, end, n, faults, bytes, seconds);
  }
}
