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
  public static final Setting USAGE_EMIT = new Setting("cipherwatch.usage.emit", "every-window",
      "Rows written to cipher-usage: every-window (one per trunk, direction and window with handshakes) or"
          + " on-change (only when a key's counts differ from its previous window's row; consumers fill forward).");
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
  public static final Setting INPUT_MAX_RECORD_BYTES = new Setting("cipherwatch.input.max-record-bytes", "65536",
      "Input records (key + value) larger than this are dead-lettered as RECORD_TOO_LARGE before decoding.");
  public static final Setting INPUT_MAX_OFFERED_SUITES = new Setting("cipherwatch.input.max-offered-suites", "512",
      "Handshakes offering more suites than this are dead-lettered as TOO_MANY_SUITES.");
  public static final Setting INPUT_MAX_FUTURE_SKEW = new Setting("cipherwatch.input.max-future-skew", "PT5M",
      "Events and ticks stamped further ahead of the wall clock are dead-lettered as FUTURE_TIMESTAMP.");
  public static final Setting HTTP_PORT = new Setting("cipherwatch.http.port", "8080",
      "Port of the API listener, /api (0 = any free port).");
  public static final Setting HTTP_BIND = new Setting("cipherwatch.http.bind", "127.0.0.1",
      "Address the API listener binds to; 0.0.0.0 in a pod (deploy/ sets it), with auth and TLS on.");
  public static final Setting MANAGEMENT_PORT = new Setting("cipherwatch.management.port", "8081",
      "Port of the management listener: /health, /ready, /metrics (0 = any free port).");
  public static final Setting MANAGEMENT_BIND = new Setting("cipherwatch.management.bind", "127.0.0.1",
      "Address the management listener binds to; 0.0.0.0 in a pod so the kubelet and Prometheus reach it.");
  public static final Setting HTTP_IDLE_TIMEOUT = new Setting("cipherwatch.http.idle-timeout", "PT10S",
      "Both listeners: a connection that sends nothing for this long (mid-request or between requests) is closed.");
  public static final Setting HTTP_MAX_CONNECTIONS = new Setting("cipherwatch.http.max-connections", "512",
      "Both listeners, each: open connections accepted at most; at the cap idle ones are closed after 1 s.");
  public static final Setting HTTP_MAX_HEADER_BYTES = new Setting("cipherwatch.http.max-header-bytes", "8192",
      "Both listeners: request line + headers at most (431 above); request bodies are refused (413).");
  public static final Setting HTTP_FORWARD_TIMEOUT = new Setting("cipherwatch.http.forward.timeout", "PT3S",
      "Whole-request timeout of an /api request forwarded to the instance owning the data (connect: 1 s).");
  public static final Setting HTTP_AUTH_TOKEN_FILE = new Setting("cipherwatch.http.auth.token-file", "",
      "File of bearer tokens for /api, one a line (# comments); re-read when it changes. Empty: no token auth.");
  public static final Setting HTTP_AUTH_BASIC_FILE = new Setting("cipherwatch.http.auth.basic-file", "",
      "File of user:password lines for HTTP basic auth on /api; re-read when it changes. Empty: no basic auth.");
  public static final Setting HTTP_TLS_KEYSTORE = new Setting("cipherwatch.http.tls.keystore", "",
      "PKCS12 key store (key + certificate chain) of the API listener: set it to serve /api over HTTPS.");
  public static final Setting HTTP_TLS_KEYSTORE_PASSWORD = new Setting("cipherwatch.http.tls.keystore-password", "",
      "Password of the key store; write file:/path to read it from a file.");
  public static final Setting HTTP_TLS_TRUSTSTORE = new Setting("cipherwatch.http.tls.truststore", "",
      "PKCS12 trust store the forwarding client checks other instances' certificates against (empty: the JVM's).");
  public static final Setting HTTP_TLS_TRUSTSTORE_PASSWORD = new Setting("cipherwatch.http.tls.truststore-password",
      "", "Password of the trust store (file:/path reads it from a file).");
  public static final Setting HTTP_TLS_PROTOCOLS = new Setting("cipherwatch.http.tls.protocols", "",
      "API listener and forwarding TLS versions, comma-separated (empty: TLSv1.3,TLSv1.2).");
  public static final Setting HTTP_TLS_CIPHER_SUITES = new Setting("cipherwatch.http.tls.cipher-suites", "",
      "API listener and forwarding cipher suites, JSSE names (empty: AEAD with forward secrecy only).");
  public static final Setting METRICS_MAX_TRUNK_SERIES = new Setting("cipherwatch.metrics.max-trunk-series", "500",
      "Cap on per-trunk share gauges exported by one instance (worst trunks first).");
  public static final Setting METRICS_MAX_EDGE_SERIES = new Setting("cipherwatch.metrics.max-edge-series", "20",
      "Cap on per-edge clock-skew gauges exported by one instance (largest skew first).");
  public static final Setting ROCKSDB_BLOCK_CACHE = new Setting("cipherwatch.rocksdb.block-cache-bytes", "67108864",
      "RocksDB block cache shared by all stores of the instance (bytes).");
  public static final Setting ROCKSDB_WRITE_BUFFER = new Setting("cipherwatch.rocksdb.write-buffer-bytes", "33554432",
      "RocksDB memtable budget shared by all stores of the instance but trunk-metadata-store (its own 2 x 4 MiB), counted in the block cache (bytes).");
  public static final Setting TOPIC_POLICY = new Setting("cipherwatch.topics.policy", "cipher-policy",
      "Compacted topic of the live Avro CipherPolicy (key \"policy\"); empty = the cipherwatch.policy.* keys apply.");
  public static final Setting TOPIC_PROBES = new Setting("cipherwatch.topics.probes", "remote-probes",
      "Where `cipherwatch probe` writes Avro RemoteProbe records, key = trunkId.");
  public static final Setting READINESS_PERIOD = new Setting("cipherwatch.readiness.period", "P7D",
      "Removal readiness looks at the offers of this many trailing UTC days (ISO-8601 duration, whole days).");
  public static final Setting READINESS_THRESHOLD = new Setting("cipherwatch.readiness.threshold", "0.001",
      "Fleet would-break share below which a removal counts as safe (the forecast's target).");
  public static final Setting TOPIC_READINESS = new Setting("cipherwatch.topics.readiness", "removal-readiness",
      "Output: one OrganizationReadiness per organization each time its removal verdict changes, key = organizationId.");
  public static final Setting READINESS_EVALUATION_INTERVAL = new Setting("cipherwatch.readiness.evaluation-interval",
      "PT1M", "Changed (trunk, direction) pairs are judged for the removal-readiness topic once per this much event"
          + " time (and of wall-clock time).");

  /** Every key, in README order. */
  public static final List<Setting> ALL = List.of(
      TOPIC_INPUT, TOPIC_METADATA, TOPIC_USAGE, TOPIC_FLEET, TOPIC_ALERTS, TOPIC_DLQ,
      TOPICS_CREATE, TOPICS_PARTITIONS, TOPICS_REPLICATION,
      POLICY_DEPRECATED, POLICY_SUPPORTED,
      WINDOW_SIZE, WINDOW_ADVANCE, WINDOW_GRACE, USAGE_EMIT, INPUT_IDLE_PARTITION_TIMEOUT, STATE_IDLE_TTL,
      ALERTS_RESOLVE_AFTER, ALERTS_CLEAN_PERIOD, ALERTS_FAILURES_MIN_COUNT, ALERTS_FAILURES_MIN_SHARE,
      INPUT_MAX_RECORD_BYTES, INPUT_MAX_OFFERED_SUITES, INPUT_MAX_FUTURE_SKEW,
      HTTP_PORT, HTTP_BIND, MANAGEMENT_PORT, MANAGEMENT_BIND, HTTP_IDLE_TIMEOUT, HTTP_MAX_CONNECTIONS,
      HTTP_MAX_HEADER_BYTES, HTTP_FORWARD_TIMEOUT, HTTP_AUTH_TOKEN_FILE, HTTP_AUTH_BASIC_FILE,
      HTTP_TLS_KEYSTORE, HTTP_TLS_KEYSTORE_PASSWORD, HTTP_TLS_TRUSTSTORE, HTTP_TLS_TRUSTSTORE_PASSWORD,
      HTTP_TLS_PROTOCOLS, HTTP_TLS_CIPHER_SUITES, METRICS_MAX_TRUNK_SERIES, METRICS_MAX_EDGE_SERIES, ROCKSDB_BLOCK_CACHE, ROCKSDB_WRITE_BUFFER,
      READINESS_PERIOD, READINESS_THRESHOLD, TOPIC_PROBES, TOPIC_POLICY,
      TOPIC_READINESS, READINESS_EVALUATION_INTERVAL);
}
