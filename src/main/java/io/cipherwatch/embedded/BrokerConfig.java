package io.cipherwatch.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server properties for the single-node combined-mode (broker + controller) KRaft broker that
 * {@link EmbeddedKafka} runs, its loopback ports and its one-replica topics. Kept apart from the lifecycle
 * code so the settings can be checked without starting a broker.
 */
final class BrokerConfig {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

  /** The only node of the cluster; it is both the broker and the sole controller voter. */
  static final int NODE_ID = 1;
  static final String BROKER_LISTENER = "PLAINTEXT";
  static final String CONTROLLER_LISTENER = "CONTROLLER";
  static final String HOST = "127.0.0.1";

  private BrokerConfig() {
  }

  /**
   * Builds the server properties.
   *
   * @param logDir directory holding both the partition logs and the metadata log
   * @param brokerPort loopback port for client traffic
   * @param controllerPort loopback port for the KRaft controller quorum
   * @return an ordered, mutable map of Kafka server properties
   */
  static Map<String, String> properties(Path logDir, int brokerPort, int controllerPort) {
    if (brokerPort <= 0 || controllerPort <= 0 || brokerPort == controllerPort) {
      throw new IllegalArgumentException("Broker and controller ports must be distinct positive ports, got "
          + brokerPort + " and " + controllerPort);
    }
    Map<String, String> p = new LinkedHashMap<>();
    // Combined mode with a static one-voter quorum: the voter set comes from this config, not from the
    // formatted log, so a restart on new ports reuses the same data directory without re-formatting.
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort + ","
        + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
    p.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
    p.put("inter.broker.listener.name", BROKER_LISTENER);
    p.put("listener.security.protocol.map",
        BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    p.put("log.dirs", logDir.toAbsolutePath().toString());
    p.put("metadata.log.dir", logDir.toAbsolutePath().toString());

    // One replica everywhere, including the internal topics exactly-once processing relies on.
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    // Fewer internal partitions: a single node gains nothing from 50 and creating them costs start-up time.
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.num.partitions", "5");
    p.put("share.coordinator.state.topic.num.partitions", "5");

    // Topics exist only when created on purpose; no rebalance grace period on a one-node test cluster.
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("group.streams.initial.rebalance.delay.ms", "0");

    // In-process footprint: modest segments and a small compaction buffer (the default allocates 128 MiB).
    p.put("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
    p.put("offsets.topic.segment.bytes", Integer.toString(16 * 1024 * 1024));
    p.put("transaction.state.log.segment.bytes", Integer.toString(16 * 1024 * 1024));
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "4");
    p.put("background.threads", "4");

    // Fail a start that cannot complete instead of waiting forever.
    p.put("server.max.startup.time.ms", "60000");
    return p;
  }

  /** Reserves {@code n} distinct free loopback ports (broker, controller, ...) and releases them for Kafka. */
  static int[] freeLoopbackPorts(int n) {
    ServerSocket[] sockets = new ServerSocket[n];
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        sockets[i] = new ServerSocket(0, 1, InetAddress.getByName(BrokerConfig.HOST));
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find free loopback ports for the embedded Kafka broker", e);
    } finally {
      for (ServerSocket s : sockets) {
        if (s != null) {
          try {
            s.close();
          } catch (IOException e) {
            LOG.debug("Closing a port probe failed: {}", e.toString());
          }
        }
      }
    }
  }

  /** A topic with one replica (the only broker); checks the name and partition count. */
  static NewTopic topic(String name, int partitions, Map<String, String> configs) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("Topic name must not be blank");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("Topic " + name + " needs at least 1 partition, got " + partitions);
    }
    return new NewTopic(name, partitions, (short) 1).configs(configs);
  }
}
