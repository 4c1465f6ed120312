package io.cipherwatch.app;

import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.config.Settings;
import io.cipherwatch.metrics.MicrometerTopologyMetrics;
import io.cipherwatch.serde.RegistryUnavailableException;
import io.cipherwatch.topology.CipherwatchTopology;
import io.cipherwatch.topology.TopologyConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running cipherwatch instance: checks topics, builds the topology, runs Kafka Streams and owns the
 * metrics registry. Used by {@code run}, {@code demo} and {@code bench}.
 */
public final class CipherwatchApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CipherwatchApp.class);

  private final CipherwatchConfig cfg;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final java.util.List<KafkaStreams.StateListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private KafkaStreams streams;
  private TopologyConfig topologyConfig;

  public CipherwatchApp(CipherwatchConfig cfg) {
    this.cfg = cfg;
  }

  /** The Kafka Streams properties: every non-cipherwatch key, plus the RocksDB memory bounds. */
  public static Properties streamsProperties(CipherwatchConfig cfg) {
    Properties p = new Properties();
    p.putAll(cfg.kafka());
    p.putIfAbsent(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class.getName());
    p.put(Settings.ROCKSDB_BLOCK_CACHE.key(), cfg.raw(Settings.ROCKSDB_BLOCK_CACHE));
    p.put(Settings.ROCKSDB_WRITE_BUFFER.key(), cfg.raw(Settings.ROCKSDB_WRITE_BUFFER));
    return p;
  }

  /** Checks the topics and starts processing; returns once Kafka Streams is starting. */
  public void start() {
    int partitions;
    try (Admin admin = Admin.create(cfg.kafkaObjects())) {
      partitions = Topics.prepare(admin, cfg);
    }
    topologyConfig = TopologyConfig.from(cfg, partitions, new MicrometerTopologyMetrics(registry));
    Topology topology = CipherwatchTopology.buildTopology(topologyConfig);
    LOG.debug("Topology:\n{}", topology.describe());
    streams = new KafkaStreams(topology, streamsProperties(cfg));
    streams.setUncaughtExceptionHandler(e -> {
      if (causedBy(e, RegistryUnavailableException.class)) {
        LOG.warn("Schema registry unavailable, retrying the stream thread: {}", e.getMessage());
        return StreamThreadExceptionResponse.REPLACE_THREAD;
      }
      LOG.error("Stream thread failed; shutting this instance down", e);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streams.setStateListener((now, before) -> listeners.forEach(l -> l.onChange(now, before)));
    streams.start();
  }

  /** Registers a Kafka Streams state listener; call before {@link #start()}. */
  public void addStateListener(KafkaStreams.StateListener listener) {
    listeners.add(listener);
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  public KafkaStreams streams() {
    return streams;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public CipherwatchConfig config() {
    return cfg;
  }

  public TopologyConfig topologyConfig() {
    return topologyConfig;
  }

  @Override
  public void close() {
    if (streams != null) {
      streams.close(Duration.ofSeconds(30));
    }
    registry.close();
  }
}
