package io.cipherwatch.app;

import io.cipherwatch.avro.RemoteProbe;
import io.cipherwatch.avro.TrunkMetadata;
import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.config.ConfigException;
import io.cipherwatch.config.Settings;
import io.cipherwatch.health.RegistryHealth;
import io.cipherwatch.http.ApiServer;
import io.cipherwatch.http.Authenticator;
import io.cipherwatch.http.Forwarder;
import io.cipherwatch.http.HttpLimits;
import io.cipherwatch.http.HttpTls;
import io.cipherwatch.http.InteractiveQueries;
import io.cipherwatch.http.ManagementServer;
import io.cipherwatch.metrics.ActiveStores;
import io.cipherwatch.metrics.InstanceMetrics;
import io.cipherwatch.metrics.MicrometerTopologyMetrics;
import io.cipherwatch.metrics.ReadinessGauges;
import io.cipherwatch.metrics.StoreGauges;
import io.cipherwatch.serde.AvroSerde;
import io.cipherwatch.serde.RegistryFaultException;
import io.cipherwatch.serde.RegistryUnavailableException;
import io.cipherwatch.serde.SchemaRegistryClient;
import io.cipherwatch.serde.SchemaRegistryClients;
import io.cipherwatch.topology.CipherwatchTopology;
import io.cipherwatch.topology.DeadLetterProductionHandler;
import io.cipherwatch.topology.TopologyConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running cipherwatch instance: serves the management listener ({@code /health}, {@code /ready},
 * {@code /metrics}) and the API listener ({@code /api}, with its authentication and TLS), checks topics and
 * schemas, builds the topology, runs Kafka Streams and owns the metrics registry. Used by {@code run},
 * {@code demo} and {@code bench}.
 *
 * <p>The listeners start first, so their ports are known before Kafka Streams: an {@code application.server} whose
 * port is 0 (e.g. {@code 127.0.0.1:0}) is advertised with the bound API port.
 */
public final class CipherwatchApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CipherwatchApp.class);

  private final CipherwatchConfig cfg;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final List<KafkaStreams.StateListener> listeners = new CopyOnWriteArrayList<>();
  private KafkaStreams streams;
  private TopologyConfig topologyConfig;
  private ManagementServer management;
  private volatile MicrometerTopologyMetrics topologyMetrics;
  private ApiServer http;
  private HttpTls tls;
  private StoreGauges storeGauges;
  private ReadinessGauges readinessGauges;
  private InstanceMetrics instanceMetrics;
  private AvroSerde<TrunkMetadata> metadataSerde;
  private volatile boolean failed;
  private volatile boolean closing;
  private final Object scrapeLock = new Object();

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
    // for the production exception handler, which writes dead letters there
    p.put(Settings.TOPIC_DLQ.key(), cfg.raw(Settings.TOPIC_DLQ));
    return p;
  }

  /**
   * Starts the listeners, checks the topics and starts processing; returns once Kafka Streams is starting.
   *
   * @throws ConfigException for a configuration problem (a bind failure, an unreadable key store or token file,
   *     a missing topic or schema), with a message naming what to change and no secret
   */
  public void start() {
    HttpLimits limits = HttpLimits.from(cfg);
    management = ManagementServer.start(cfg.raw(Settings.MANAGEMENT_BIND), cfg.intValue(Settings.MANAGEMENT_PORT),
        limits, () -> streams == null ? null : streams.state(), () -> failed, this::scrape);
    management.watch(this::registryHealth);
    try {
      tls = HttpTls.from(cfg);
      http = ApiServer.start(cfg.raw(Settings.HTTP_BIND), cfg.intValue(Settings.HTTP_PORT), limits, tls,
          Authenticator.fromFiles(cfg.raw(Settings.HTTP_AUTH_TOKEN_FILE), cfg.raw(Settings.HTTP_AUTH_BASIC_FILE)));
      startStreams();
    } catch (RuntimeException e) {
      if (http != null) {
        http.close();
      }
      management.close();
      throw e;
    }
  }

  private void startStreams() {
    int partitions;
    try (Admin admin = Admin.create(cfg.kafkaObjects())) {
      partitions = Topics.prepare(admin, cfg);
    }
    topologyMetrics = new MicrometerTopologyMetrics(registry, cfg.intValue(Settings.METRICS_MAX_EDGE_SERIES));
    topologyConfig = TopologyConfig.from(cfg, partitions, topologyMetrics);
    SchemaRegistryClient schemaClient = (SchemaRegistryClient) topologyConfig.serdeConfig()
        .get(SchemaRegistryClients.INSTANCE);
    if (schemaClient != null) {
      awaitSchemas(schemaClient);
    }
    Topology topology = CipherwatchTopology.buildTopology(topologyConfig);
    LOG.debug("Topology:\n{}", topology.describe());
    Properties props = streamsProperties(cfg);
    props.put(DeadLetterProductionHandler.METRICS_CONFIG, topologyMetrics);
    if (schemaClient != null) {
      // the error handlers' dead-letter serializers: the same client and schema cache
      props.put(SchemaRegistryClients.INSTANCE, schemaClient);
    }
    HostInfo self = advertised(props.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG), http.port());
    if (self != null) {
      props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
    }
    streams = new KafkaStreams(topology, props);
    ThreadFailures failures = new ThreadFailures(System::currentTimeMillis);
    streams.setUncaughtExceptionHandler(e -> {
      long pause = failures.onFailure();
      if (pause < 0) {
        LOG.error("Stream threads keep failing ({} times in {} min); shutting this instance down", ThreadFailures
            .MAX_RECENT + 1, ThreadFailures.WINDOW_MS / 60_000, e);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
      }
      if (causedBy(e, RegistryUnavailableException.class)) {
        LOG.warn("Schema registry unavailable, replacing the stream thread in {} ms: {}", pause, e.getMessage());
      } else {
        LOG.warn("Stream thread failed; replacing it in {} ms", pause, e);
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.PENDING_ERROR || now == KafkaStreams.State.ERROR) {
        failed = true;
      }
      listeners.forEach(l -> l.onChange(now, before));
    });
    metadataSerde = new AvroSerde<>(TrunkMetadata.class);
    // the topology's serde configuration: the same registry client and schema cache as the topology's serdes
    metadataSerde.configure(topologyConfig.serdeConfig(), false);
    ActiveStores stores = new ActiveStores(streams, topology.describe());
    storeGauges = new StoreGauges(registry, stores, cfg.intValue(Settings.METRICS_MAX_TRUNK_SERIES));
    instanceMetrics = InstanceMetrics.bind(registry, streams);
    InteractiveQueries queries = new InteractiveQueries(stores, self, metadataSerde.deserializer(),
        topologyConfig.metadataTopic(), partitions, new Forwarder(cfg.duration(Settings.HTTP_FORWARD_TIMEOUT), tls))
        .withReadiness(topologyConfig.policyHolder(), topologyConfig.readiness(),
            probeDeserializer(topologyConfig.serdeConfig()), topologyConfig.probesTopic());
    readinessGauges = new ReadinessGauges(registry, stores, topologyConfig.policyHolder(),
        topologyConfig.readiness(), queries::readinessProbes, queries::readinessForecast, System::currentTimeMillis);
    http.attach(queries);
    streams.start();
  }

  /**
   * Resolves the schema id of every subject the outputs are written under ({@link SchemaSubjects#resolve}), so
   * that the running topology never needs the registry to write. An unavailable registry is waited for (with
   * backoff, logged, {@code /ready} false meanwhile) rather than failing the start; a registry that refuses the
   * instance, or a missing subject, is a configuration error.
   */
  private void awaitSchemas(SchemaRegistryClient client) {
    long pause = 1_000;
    while (true) {
      try {
        SchemaSubjects.resolve(cfg, client);
        return;
      } catch (RegistryFaultException e) {
        if (!e.isTransient()) {
          throw new ConfigException(e.getMessage());
        }
        if (closing) {
          throw new ConfigException("Stopped while waiting for the schema registry: " + e.getMessage());
        }
        LOG.warn("Waiting for the schema registry before starting ({}); next attempt in {} s", e.getMessage(),
            pause / 1000);
        try {
          Thread.sleep(pause);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new ConfigException("Interrupted while waiting for the schema registry: " + e.getMessage());
        }
        pause = Math.min(30_000, pause * 2);
      }
    }
  }

  /**
   * The {@code application.server} to advertise: as configured, with port 0 replaced by the HTTP port; null when
   * not configured.
   *
   * @throws ConfigException when it is not {@code host:port}
   */
  static HostInfo advertised(String configured, int httpPort) {
    if (configured == null || configured.isBlank()) {
      return null;
    }
    int colon = configured.lastIndexOf(':');
    int port;
    try {
      port = colon > 0 ? Integer.parseInt(configured.substring(colon + 1).trim()) : -1;
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw new ConfigException("application.server must be host:port (the address other instances reach this"
          + " instance's HTTP API at, e.g. cw-0.cipherwatch-headless:8080), got '" + configured + "'");
    }
    return new HostInfo(configured.substring(0, colon).trim(), port == 0 ? httpPort : port);
  }

  /** Refreshes the store gauges from the locally owned partitions and renders the registry (Prometheus text). */
  public String scrape() {
    synchronized (scrapeLock) {
      MicrometerTopologyMetrics tm = topologyMetrics;
      if (tm != null) {
        tm.refresh();
      }
      StoreGauges gauges = storeGauges;
      if (gauges != null) {
        gauges.refresh();
      }
      ReadinessGauges readiness = readinessGauges;
      if (readiness != null) {
        readiness.refresh();
      }
      return registry.scrape();
    }
  }

  /** The port of the API listener (after {@link #start()}). */
  public int httpPort() {
    if (http == null) {
      throw new IllegalStateException("The API listener is not started: call start() first");
    }
    return http.port();
  }

  /** The port of the management listener: /health, /ready, /metrics (after {@link #start()}). */
  public int managementPort() {
    if (management == null) {
      throw new IllegalStateException("The management listener is not started: call start() first");
    }
    return management.port();
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

  /** Whether this instance waits for the schema registry (null before {@link #start()}), for {@code /ready}. */
  public RegistryHealth registryHealth() {
    MicrometerTopologyMetrics tm = topologyMetrics;
    return tm == null ? null : tm.registryHealth();
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

  private static org.apache.kafka.common.serialization.Deserializer<RemoteProbe> probeDeserializer(
      Map<String, Object> serdeConfig) {
    AvroSerde<RemoteProbe> serde = new AvroSerde<>(RemoteProbe.class);
    serde.configure(serdeConfig, false);
    return serde.deserializer();
  }

  public TopologyConfig topologyConfig() {
    return topologyConfig;
  }

  /** Closes Kafka Streams (up to 30 s), then the listeners and the meters. */
  @Override
  public void close() {
    closing = true;
    if (streams != null) {
      // leave the group so the partitions move to the other instances at once, not after session.timeout.ms
      streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
          .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }
    if (http != null) {
      http.close();
    }
    if (management != null) {
      management.close();
    }
    if (instanceMetrics != null) {
      instanceMetrics.close();
    }
    if (metadataSerde != null) {
      metadataSerde.close();
    }
    registry.close();
  }
}
