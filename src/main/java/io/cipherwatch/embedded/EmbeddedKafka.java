package io.cipherwatch.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft broker+controller running in this JVM.
 *
 * <p>The broker listens on free loopback ports ({@code 127.0.0.1}), keeps one replica of everything
 * (so transactions and exactly-once processing work on one node) and never auto-creates topics.
 * Its data directory is formatted with Kafka's own storage formatter on first use. Instances are
 * thread-safe; {@link #close()} is idempotent.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  private static final long POLL_MILLIS = 50;

  private final KafkaRaftServer server;
  private final Admin admin;
  private final FileLock dirLock;
  private final Path logDir;
  private final boolean deleteOnClose;
  private final String bootstrapServers;
  private final Map<String, String> secured;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedKafka(KafkaRaftServer server, Admin admin, FileLock dirLock, Path logDir,
      boolean deleteOnClose, String bootstrapServers, Map<String, String> secured) {
    this.server = server;
    this.admin = admin;
    this.dirLock = dirLock;
    this.logDir = logDir;
    this.deleteOnClose = deleteOnClose;
    this.bootstrapServers = bootstrapServers;
    this.secured = secured;
  }

  /**
   * Starts a broker on a fresh temporary data directory that is deleted on {@link #close()}.
   *
   * @return the running broker, already answering requests
   */
  public static EmbeddedKafka start() {
    return start((BrokerSecurity) null);
  }

  /**
   * Starts a broker on a fresh temporary data directory (deleted on {@link #close()}) that also listens with
   * {@code security}'s SSL (mutual TLS) and SASL_SSL (SCRAM-SHA-512) listeners; see
   * {@link #bootstrapServers(String)}. Null: the plain listener only.
   */
  public static EmbeddedKafka start(BrokerSecurity security) {
    Path dir;
    try {
      dir = Files.createTempDirectory("cipherwatch-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a temporary directory for the embedded Kafka broker;"
          + " check that java.io.tmpdir is writable", e);
    }
    try {
      return launch(dir, true, () -> BrokerConfig.freeLoopbackPorts(security == null ? 2 : 4), security);
    } catch (RuntimeException | Error e) {
      DataDirectory.deleteQuietly(dir);
      throw e;
    }
  }

  /**
   * Starts a broker on the given data directory, which is kept on {@link #close()}. A directory that
   * already holds a formatted Kafka log directory is reused as is (topics and records survive a
   * restart); a missing or empty one is formatted first.
   *
   * @param dataDir the broker's log directory (created if missing)
   * @return the running broker, already answering requests
   * @throws IllegalArgumentException if the directory is neither empty nor a Kafka log directory
   * @throws IllegalStateException if another embedded broker (in any process) uses the directory
   */
  public static EmbeddedKafka start(Path dataDir) {
    Objects.requireNonNull(dataDir, "dataDir");
    return launch(dataDir.toAbsolutePath().normalize(), false, () -> BrokerConfig.freeLoopbackPorts(2), null);
  }

  /** Returns the client bootstrap address, {@code "127.0.0.1:PORT"}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * Returns the bootstrap address of a listener by its security protocol: {@code PLAINTEXT}, or with
   * {@link #start(BrokerSecurity)} also {@code SSL} and {@code SASL_SSL}.
   */
  public String bootstrapServers(String securityProtocol) {
    if ("PLAINTEXT".equals(securityProtocol)) {
      return bootstrapServers;
    }
    String b = secured.get(securityProtocol);
    if (b == null) {
      throw new IllegalArgumentException("This broker has no " + securityProtocol + " listener (listeners: PLAINTEXT"
          + (secured.isEmpty() ? "" : ", " + String.join(", ", secured.keySet())) + ")");
    }
    return b;
  }

  /** Returns the broker's log directory. */
  public Path dataDir() {
    return logDir;
  }

  /**
   * Creates topics with one replica each and waits until every partition has a leader. Topics that
   * already exist are left unchanged (a differing partition count is logged as a warning).
   *
   * @param partitions partitions per topic, at least 1
   * @param names topic names
   */
  public void createTopics(int partitions, String... names) {
    List<NewTopic> topics = new ArrayList<>(names.length);
    for (String name : names) {
      topics.add(BrokerConfig.topic(name, partitions, Map.of()));
    }
    create(topics);
  }

  /**
   * Creates one topic with one replica and the given topic-level configs (for example
   * {@code cleanup.policy=compact}) and waits until every partition has a leader. An existing topic
   * is left unchanged.
   *
   * @param name topic name
   * @param partitions partition count, at least 1
   * @param configs topic configs
   */
  public void createTopic(String name, int partitions, Map<String, String> configs) {
    create(List.of(BrokerConfig.topic(name, partitions, Objects.requireNonNull(configs, "configs"))));
  }

  /** Returns a new mutable map with the settings every client of this broker needs. */
  public Map<String, Object> adminConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return config;
  }

  /**
   * Stops the broker and controller (and deletes the data directory if {@link #start()} created
   * it). Waits at most 30 seconds; a broker that has not stopped by then is left to finish in the
   * background, and its directory stays locked and is not deleted.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long begin = System.nanoTime();
    admin.close(Duration.ofSeconds(2));
    boolean stopped = stop(server, CLOSE_TIMEOUT);
    if (!stopped) {
      LOG.warn("Embedded Kafka at {} did not stop within {} s; leaving it to finish in the background",
          bootstrapServers, CLOSE_TIMEOUT.toSeconds());
      return;
    }
    DataDirectory.unlock(dirLock);
    if (deleteOnClose) {
      DataDirectory.deleteQuietly(logDir);
    }
    LOG.info("Embedded Kafka at {} stopped in {} ms", bootstrapServers, millisSince(begin));
  }

  /**
   * Starts a broker on {@code logDir}; {@code ports} supplies {broker, controller} ports per attempt, plus {SSL,
   * SASL_SSL} with {@code security} (null: none); the second attempt runs only when the first lost a port.
   */
  static EmbeddedKafka launch(Path logDir, boolean deleteOnClose, Supplier<int[]> ports, BrokerSecurity security) {
    long begin = System.nanoTime();
    DataDirectory.prepare(logDir);
    FileLock dirLock = DataDirectory.lock(logDir);
    try {
      return launchLocked(logDir, deleteOnClose, ports, dirLock, begin, security);
    } catch (RuntimeException | Error e) {
      DataDirectory.unlock(dirLock);
      throw e;
    }
  }

  private static EmbeddedKafka launchLocked(Path logDir, boolean deleteOnClose, Supplier<int[]> ports,
      FileLock dirLock, long begin, BrokerSecurity security) {
    for (int attempt = 1; ; attempt++) {
      int[] attemptPorts = ports.get();
      Map<String, String> properties = BrokerConfig.properties(logDir, attemptPorts[0], attemptPorts[1]);
      Map<String, String> secured = new LinkedHashMap<>();
      if (security != null) {
        security.addTo(properties, attemptPorts[2], attemptPorts[3]);
        secured.put(BrokerSecurity.SSL, BrokerConfig.HOST + ":" + attemptPorts[2]);
        secured.put(BrokerSecurity.SASL_SSL, BrokerConfig.HOST + ":" + attemptPorts[3]);
      }
      DataDirectory.formatIfNeeded(logDir, properties, security == null ? List.of() : security.formatArguments());
      KafkaConfig config = new KafkaConfig(properties, false);
      KafkaRaftServer server = null;
      try {
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
      } catch (RuntimeException e) {
        if (server != null) {
          stop(server, CLOSE_TIMEOUT);
        }
        if (!isBindFailure(e)) {
          throw new IllegalStateException("Embedded Kafka failed to start on " + logDir + ": " + e.getMessage(), e);
        }
        if (attempt > 1) {
          throw new IllegalStateException("Embedded Kafka failed to start twice because another process took"
              + " its loopback ports (last " + attemptPorts[0] + ", " + attemptPorts[1] + "): " + e.getMessage(), e);
        }
        LOG.info("Embedded Kafka lost port {} or {} to another process; retrying on new ports",
            attemptPorts[0], attemptPorts[1]);
        continue;
      }
      String bootstrap = BrokerConfig.HOST + ":" + attemptPorts[0];
      Admin admin = null;
      try {
        Map<String, Object> adminConfig = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        admin = Admin.create(adminConfig);
        awaitBroker(admin);
      } catch (RuntimeException e) {
        if (admin != null) {
          admin.close(Duration.ZERO);
        }
        stop(server, CLOSE_TIMEOUT);
        throw e;
      }
      LOG.info("Embedded Kafka started at {} (data {}) in {} ms", bootstrap, logDir, millisSince(begin));
      return new EmbeddedKafka(server, admin, dirLock, logDir, deleteOnClose, bootstrap, Map.copyOf(secured));
    }
  }

  /** Waits until the broker answers a cluster description listing itself. */
  private static void awaitBroker(Admin admin) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      try {
        if (!admin.describeCluster().nodes().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).isEmpty()) {
          return;
        }
      } catch (ExecutionException | TimeoutException e) {
        LOG.debug("Embedded Kafka not ready yet: {}", e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for the embedded Kafka broker", e);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Embedded Kafka did not answer within " + READY_TIMEOUT.toSeconds() + " s");
      }
      pause();
    }
  }

  private void create(List<NewTopic> topics) {
    if (closed.get()) {
      throw new IllegalStateException("Embedded Kafka at " + bootstrapServers + " is closed");
    }
    Map<String, KafkaFuture<Void>> results = admin.createTopics(topics).values();
    for (NewTopic topic : topics) {
      try {
        results.get(topic.name()).get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("Cannot create topic " + topic.name() + ": " + e.getCause().getMessage(),
              e.getCause());
        }
      } catch (TimeoutException e) {
        throw new IllegalStateException("Creating topic " + topic.name() + " did not finish within "
            + ADMIN_TIMEOUT.toSeconds() + " s", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while creating topic " + topic.name(), e);
      }
    }
    for (NewTopic topic : topics) {
      int partitions = awaitLeaders(topic.name());
      if (partitions != topic.numPartitions()) {
        LOG.warn("Topic {} already exists with {} partitions, not the {} requested; left unchanged",
            topic.name(), partitions, topic.numPartitions());
      }
    }
  }

  /** Waits until the broker's metadata shows a leader for every partition; returns the partition count. */
  private int awaitLeaders(String topic) {
    long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
    while (true) {
      try {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
            .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
        List<TopicPartitionInfo> partitions = description.partitions();
        if (partitions.stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
          return partitions.size();
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw new IllegalStateException("Cannot describe topic " + topic + ": " + e.getCause().getMessage(),
              e.getCause());
        }
      } catch (TimeoutException e) {
        LOG.debug("Describing topic {} timed out; retrying", topic);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for topic " + topic, e);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Topic " + topic + " has no leader for every partition after "
            + ADMIN_TIMEOUT.toSeconds() + " s");
      }
      pause();
    }
  }

  /** Shuts the server down on a helper thread; returns whether it finished within the timeout. */
  private static boolean stop(KafkaRaftServer server, Duration timeout) {
    Thread stopper = new Thread(() -> {
      try {
        server.shutdown();
        server.awaitShutdown();
      } catch (RuntimeException e) {
        LOG.warn("Embedded Kafka shutdown reported: {}", e.toString());
      }
    }, "embedded-kafka-shutdown");
    stopper.setDaemon(true);
    stopper.start();
    try {
      stopper.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !stopper.isAlive();
  }

  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the embedded Kafka broker", e);
    }
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }

  @Override
  public String toString() {
    return "EmbeddedKafka[" + bootstrapServers + ", " + logDir + (closed.get() ? ", closed]" : "]");
  }
}
