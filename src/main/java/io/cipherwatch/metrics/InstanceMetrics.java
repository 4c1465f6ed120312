package io.cipherwatch.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The instance's platform meters: Kafka Streams client metrics (Micrometer's {@link KafkaStreamsMetrics}), JVM
 * memory, GC, threads and class loading, process CPU and uptime, plus {@code cipherwatch_streams_state{state}}
 * (1 for the current Kafka Streams state, 0 for the others) and {@code cipherwatch_ready} (1 while RUNNING).
 * Close it to stop the binders' background work.
 */
public final class InstanceMetrics implements AutoCloseable {
  private final JvmGcMetrics gc;
  private final KafkaStreamsMetrics kafka;

  private InstanceMetrics(JvmGcMetrics gc, KafkaStreamsMetrics kafka) {
    this.gc = gc;
    this.kafka = kafka;
  }

  /** Binds every meter to {@code registry}. */
  public static InstanceMetrics bind(MeterRegistry registry, KafkaStreams streams) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    KafkaStreamsMetrics kafka = new KafkaStreamsMetrics(streams);
    kafka.bindTo(registry);
    for (KafkaStreams.State s : KafkaStreams.State.values()) {
      Gauge.builder(MetricNames.STREAMS_STATE.name(), streams, k -> k.state() == s ? 1 : 0)
          .description("1 for the current Kafka Streams state of this instance, 0 for the others")
          .tag("state", s.name())
          .register(registry);
    }
    Gauge.builder(MetricNames.READY.name(), streams, k -> k.state() == KafkaStreams.State.RUNNING ? 1 : 0)
        .description("1 while Kafka Streams is RUNNING (the instance processes and answers queries)")
        .register(registry);
    return new InstanceMetrics(gc, kafka);
  }

  @Override
  public void close() {
    kafka.close();
    gc.close();
  }
}
