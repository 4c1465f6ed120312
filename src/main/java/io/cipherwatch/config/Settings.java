package io.cipherwatch.config;

import java.util.List;

/** The complete list of {@code cipherwatch.*} keys; README's configuration table mirrors it. */
public final class Settings {
  private Settings() {}

  public static final Setting TOPIC_INPUT = new Setting("cipherwatch.topics.input", "tls-handshakes",
      "Input topic of Avro HandshakeEvent records, key = trunkId.");
  public static final Setting TOPIC_METADATA = new Setting("cipherwatch.topics.metadata", "trunk-metadata",
      "Compacted topic of Avro TrunkMetadata records, key = trunkId.");
  public static final Setting TOPIC_USAGE = new Setting("cipherwatch.topics.usage", "cipher-usage",
      "Output: one CipherUsage per (trunk, direction, window).");
  public static final Setting TOPIC_FLEET = new Setting("cipherwatch.topics.fleet", "fleet-usage",
      "Output: one FleetUsage per (direction, window).");
  public static final Setting TOPIC_ALERTS = new Setting("cipherwatch.topics.alerts", "deprecation-alerts",
      "Output: DeprecationAlert transitions (OPEN/RESOLVED).");
  public static final Setting TOPIC_DLQ = new Setting("cipherwatch.topics.dlq", "tls-handshakes-dlq",
      "Output: DeadLetter records for rejected and late input.");
  public static final Setting TOPICS_CREATE = new Setting("cipherwatch.topics.create", "false",
      "Create missing topics at start-up (otherwise a missing topic is a start-up error).");
  public static final Setting TOPICS_PARTITIONS = new Setting("cipherwatch.topics.partitions", "6",
      "Partitions of topics created by cipherwatch.topics.create.");
  public static final Setting TOPICS_REPLICATION = new Setting("cipherwatch.topics.replication-factor", "3",
      "Replication factor of topics created by cipherwatch.topics.create.");
  public static final Setting POLICY_DEPRECATED = new Setting("cipherwatch.policy.deprecated", "0x003D,0xC028",
      "Suites being removed: IANA codes (0x003D, 0x00,0x3D), IANA names or OpenSSL names, comma-separated.");
  public static final Setting POLICY_SUPPORTED = new Setting("cipherwatch.policy.supported",
      "0x0035,0x003D,0x009C,0x009D,0xC014,0xC028,0xC02F,0xC030",
      "Suites the platform's edges accept as TLS server (same spellings).");
  public static final Setting WINDOW_SIZE = new Setting("cipherwatch.usage.window.size", "PT1H",
      "Usage window size (ISO-8601 duration); also the trailing period of the handshake-failure alert.");
  public static final Setting WINDOW_ADVANCE = new Setting("cipherwatch.usage.window.advance", "PT5M",
      "Window advance (hop); equal to the size for tumbling windows. Must divide the size.");
  public static final Setting WINDOW_GRACE = new Setting("cipherwatch.usage.window.grace", "PT5M",
      "How long after its end a window waits for out-of-order events before it is emitted.");
  public static final Setting INPUT_IDLE_PARTITION_TIMEOUT = new Setting(
      "cipherwatch.input.idle-partition-timeout", "PT2M",
      "A partition without records for this long has its windows (and the fleet's) closed by wall-clock time minus"
          + " the grace period instead of waiting for its next record.");
  public static final Setting STATE_IDLE_TTL = new Setting("cipherwatch.state.idle-ttl", "P7D",
      "The state of a (trunk, direction) without handshakes for this long (event time) is evicted; alerts still"
          + " open on it are resolved first (eventId 'evicted').");
  public static final Setting ALERTS_RESOLVE_AFTER = new Setting("cipherwatch.alerts.resolve-after", "PT1H",
      "An alert resolves on the first non-confirming handshake at least this long after the last confirming one.");
  public static final Setting ALERTS_CLEAN_PERIOD = new Setting("cipherwatch.alerts.regression.clean-period", "PT1H",
      "How long a trunk must have been clean before a deprecated handshake counts as a REGRESSION.");
  public static final Setting ALERTS_FAILURES_MIN_COUNT = new Setting("cipherwatch.alerts.failures.min-count", "3",
      "HANDSHAKE_FAILURES opens when failures in the trailing window reach this count ...");
  public static final Setting ALERTS_FAILURES_MIN_SHARE = new Setting("cipherwatch.alerts.failures.min-share", "0.05",
      "... and this share of the trunk's handshakes.");
  public static final Setting HTTP_PORT = new Setting("cipherwatch.http.port", "8080",
      "Port of /metrics, /health, /ready and /api (0 = any free port).");
  public static final Setting HTTP_BIND = new Setting("cipherwatch.http.bind", "0.0.0.0",
      "Address the HTTP server binds to.");
  public static final Setting METRICS_MAX_TRUNK_SERIES = new Setting("cipherwatch.metrics.max-trunk-series", "500",
      "Cap on per-trunk share gauges exported by one instance (worst trunks first).");
  public static final Setting ROCKSDB_BLOCK_CACHE = new Setting("cipherwatch.rocksdb.block-cache-bytes", "67108864",
      "RocksDB block cache shared by all stores of the instance (bytes).");
  public static final Setting ROCKSDB_WRITE_BUFFER = new Setting("cipherwatch.rocksdb.write-buffer-bytes", "33554432",
      "RocksDB memtable budget shared by all stores of the instance, counted in the block cache (bytes).");

  /** Every key, in README order. */
  public static final List<Setting> ALL = List.of(
      TOPIC_INPUT, TOPIC_METADATA, TOPIC_USAGE, TOPIC_FLEET, TOPIC_ALERTS, TOPIC_DLQ,
      TOPICS_CREATE, TOPICS_PARTITIONS, TOPICS_REPLICATION,
      POLICY_DEPRECATED, POLICY_SUPPORTED,
      WINDOW_SIZE, WINDOW_ADVANCE, WINDOW_GRACE, INPUT_IDLE_PARTITION_TIMEOUT, STATE_IDLE_TTL,
      ALERTS_RESOLVE_AFTER, ALERTS_CLEAN_PERIOD, ALERTS_FAILURES_MIN_COUNT, ALERTS_FAILURES_MIN_SHARE,
      HTTP_PORT, HTTP_BIND, METRICS_MAX_TRUNK_SERIES, ROCKSDB_BLOCK_CACHE, ROCKSDB_WRITE_BUFFER);
}
