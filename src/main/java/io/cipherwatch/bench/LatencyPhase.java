package io.cipherwatch.bench;

import io.cipherwatch.app.CipherwatchApp;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.metrics.MetricNames;
import io.cipherwatch.serde.AvroSerde;
import io.cipherwatch.simulate.FleetSimulator;
import io.cipherwatch.simulate.FleetSpec;
import io.cipherwatch.simulate.SimulatedRecord;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A fresh exactly-once instance fed at a steady rate with event time = now: alert latency is the time an alert
 * is read (read_committed) minus its event time, for events sent after the instance settled (the first third of
 * the phase, at most 10 s: its first transactions and produce requests to every partition, and the young
 * collections that copy the state of its first pairs, stall it for up to 1.5 s); processing lag is the
 * application's own event-lag histogram over the whole phase.
 */
final class LatencyPhase {
  /** Alert latency percentiles (ms) and the processing-lag histogram's p50, p99 (bucket bounds) and max. */
  record Result(double rate, long events, long settleMs, long alerts, long p50, long p99, long max, long[] lag) {
    void report(Map<String, Object> out) {
      out.put("latencyRateEventsPerSec", rate);
      out.put("latencySettleMs", settleMs);
      out.put("latencyEvents", events);
      out.put("alertsMeasured", alerts);
      out.put("p50AlertLatencyMs", p50);
      out.put("p99AlertLatencyMs", p99);
      out.put("maxAlertLatencyMs", max);
      out.put("p50ProcessingLagMs", lag[0]);
      out.put("p99ProcessingLagMs", lag[1]);
      out.put("maxProcessingLagMs", lag[2]);
    }
  }

  private final BenchContext c;

  LatencyPhase(BenchContext c) {
    this.c = c;
  }

  Result run(double rate) throws Exception {
    String prefix = "bench-" + c.runId + "-latency-";
    String input = prefix + "tls-handshakes";
    c.kafka.createTopics(c.o.partitions(), input);
    Map<String, String> m = c.appConfig(prefix, input);
    String alertsTopic = m.get("cipherwatch.topics.alerts");
    long began = System.nanoTime();
    Result result;
    try (CipherwatchApp app = new CipherwatchApp(CipherwatchConfig.of(m))) {
      app.start();
      BenchContext.awaitRunning(app, began);
      long settle = Math.min(10_000, c.o.latencySeconds() * 1000L / 3);
      long measureFrom = System.currentTimeMillis() + settle;
      List<TopicPartition> parts = new ArrayList<>();
      for (int p = 0; p < c.o.partitions(); p++) {
        parts.add(new TopicPartition(alertsTopic, p));
      }
      AlertReader reader = new AlertReader(this::alertConsumer, parts, measureFrom);
      reader.start();
      long sent = feed(input, rate);
      c.awaitCommitted(app.streams(), m.get("application.id"), c.endOffsets(input), Duration.ofSeconds(60));
      Thread.sleep(1_000);
      Percentiles alerts = reader.finish();
      if (alerts.count() == 0) {
        throw new IllegalStateException("no alert was read during the " + c.o.latencySeconds()
            + " s of the phase, so there is no alert latency to report; raise --latency-seconds or --trunks");
      }
      long[] lag = lagPercentiles(app);
      result = new Result(rate, sent, settle, alerts.count(), alerts.percentile(50), alerts.percentile(99),
          alerts.max(), lag);
      c.log.printf("latency    %,d events at %,.0f/s: %,d alerts after %,d ms, alert latency p50 %d ms p99 %d ms"
              + " max %d ms; processing lag p50 <=%d ms p99 <=%d ms max %d ms%n", sent, rate, result.alerts(),
          settle, result.p50(), result.p99(), result.max(), lag[0], lag[1], lag[2]);
    }
    c.endPhase("latency", BenchContext.seconds(began), Map.of("events", result.events()));
    return result;
  }

  private KafkaConsumer<byte[], byte[]> alertConsumer() {
    Map<String, Object> config = c.kafka.adminConfig();
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + c.runId + "-alert-reader");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** Sends simulated events with event time = now at {@code rate} per second for the configured duration. */
  private long feed(String topic, double rate) {
    FleetSimulator sim = new FleetSimulator(
        FleetSpec.defaults(c.o.trunks(), System.currentTimeMillis(), InputPhase.SPAN), c.o.seed() + 1);
    AvroSerde<HandshakeEvent> events = c.serde(HandshakeEvent.class);
    long sent = 0;
    try (KafkaProducer<byte[], byte[]> producer = c.producer(1, 64 * 1024)) {
      long began = System.nanoTime();
      long duration = TimeUnit.SECONDS.toNanos(c.o.latencySeconds());
      long elapsed;
      while ((elapsed = System.nanoTime() - began) < duration) {
        long due = (long) (rate * elapsed / 1e9);
        while (sent < due) {
          long now = System.currentTimeMillis();
          SimulatedRecord r = sim.next(now);
          byte[] value = r.rawValue() != null ? r.rawValue() : events.serializer().serialize(topic, r.event());
          producer.send(new ProducerRecord<>(topic, null, now, r.key().getBytes(StandardCharsets.UTF_8), value));
          sent++;
        }
        LockSupport.parkNanos(200_000);
      }
      producer.flush();
    }
    return sent;
  }

  /** p50, p99 (upper bounds of the histogram buckets they fall in) and max of the event-lag timer, in ms. */
  private static long[] lagPercentiles(CipherwatchApp app) {
    Timer lag = app.registry().find(MetricNames.EVENT_LAG.name()).timer();
    if (lag == null || lag.count() == 0) {
      return new long[] {-1, -1, -1};
    }
    CountAtBucket[] buckets = lag.takeSnapshot().histogramCounts();
    double total = lag.count();
    long[] out = new long[3];
    double[] ps = {0.50, 0.99};
    for (int i = 0; i < ps.length; i++) {
      out[i] = (long) Math.ceil(lag.max(TimeUnit.MILLISECONDS));
      for (CountAtBucket b : buckets) {
        // Micrometer's histogram counts are cumulative
        if (b.count() >= ps[i] * total) {
          out[i] = (long) Math.ceil(b.bucket(TimeUnit.MILLISECONDS));
          break;
        }
      }
    }
    out[2] = (long) Math.ceil(lag.max(TimeUnit.MILLISECONDS));
    return out;
  }
}
