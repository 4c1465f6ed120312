package io.cipherwatch.bench;

import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.serde.AvroSerde;
import io.cipherwatch.serde.SchemaRegistrySerdeException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A plain {@link KafkaConsumer} reads and deserializes every input record, nothing else, {@value #PASSES} times
 * (a fresh consumer each); the median rate is the baseline. One pass takes about 2 s here, short enough for the
 * machine's noise to move it by a fifth.
 */
final class BaselinePhase {
  static final int PASSES = 3;

  /** The median rate and every pass's rate. */
  record Result(double eventsPerSec, double[] passes) {
    void report(Map<String, Object> out) {
      out.put("baselineEventsPerSec", eventsPerSec);
      out.put("baselinePassesEventsPerSec", passes);
    }
  }

  private final BenchContext c;

  BaselinePhase(BenchContext c) {
    this.c = c;
  }

  Result run(InputPhase.Produced in) {
    double[] rates = new double[PASSES];
    long began = System.nanoTime();
    for (int pass = 0; pass < PASSES; pass++) {
      long passBegan = System.nanoTime();
      long[] counts = consume(in.topic(), in.end(), in.events());
      double seconds = BenchContext.seconds(passBegan);
      rates[pass] = counts[0] / seconds;
      c.log.printf("baseline   %,d read, %,d decoded (checksum %d) in %.1f s: %,.0f events/s%n", counts[0],
          counts[1], counts[2], seconds, rates[pass]);
    }
    double[] sorted = rates.clone();
    Arrays.sort(sorted);
    double rate = sorted[PASSES / 2];
    c.log.printf("baseline   median of %d passes: %,.0f events/s%n", PASSES, rate);
    c.endPhase("baseline", BenchContext.seconds(began), Map.of("eventsPerSec", rate));
    return new Result(rate, rates);
  }

  /** Reads and deserializes {@code n} records of the topic with a plain consumer: {read, decoded, checksum}. */
  long[] consume(String topic, Map<TopicPartition, Long> end, long n) {
    AvroSerde<HandshakeEvent> serde = c.serde(HandshakeEvent.class);
    Map<String, Object> config = c.kafka.adminConfig();
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + c.runId + "-baseline");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    long read = 0;
    long decoded = 0;
    long checksum = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      consumer.assign(end.keySet());
      consumer.seekToBeginning(end.keySet());
      while (read < n) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          read++;
          try {
            HandshakeEvent e = serde.deserializer().deserialize(topic, r.value());
            checksum += e.getOfferedCipherSuites().size();
            decoded++;
          } catch (SchemaRegistrySerdeException malformed) {
            checksum--;
          }
        }
      }
    }
    return new long[] {read, decoded, checksum};
  }
}
