package io.cipherwatch.topology;

import io.cipherwatch.alerting.AlertSettings;
import io.cipherwatch.catalog.CipherCatalog;
import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.config.Settings;
import io.cipherwatch.config.UsageEmit;
import io.cipherwatch.policy.ActivePolicy;
import io.cipherwatch.policy.CipherPolicy;
import io.cipherwatch.policy.InputLimits;
import io.cipherwatch.policy.PolicyHolder;
import io.cipherwatch.readiness.Readiness;
import io.cipherwatch.serde.DecodeLimits;
import io.cipherwatch.serde.SchemaRegistryClients;
import java.util.Map;

/**
 * Everything {@link CipherwatchTopology#buildTopology} needs: topic names, policy, windowing, alert settings,
 * the serde configuration (schema registry) and where to report metrics.
 *
 * @param idlePartitionTimeoutMs after this long without a record, a task closes its windows by wall-clock time
 * @param stateIdleTtlMs the state of a (trunk, direction) without handshakes for this long is evicted
 * @param limits the bounds every input record is held to
 * @param inputPartitions partitions of the input topic; the fleet roll-up waits for every one of them to close a
 *     window before it emits the window
 * @param policyTopic the compacted {@code cipher-policy} topic, read as a global store
 * @param policyHolder the policy in effect, starting with the configured one; the processors ask it per event
 * @param readiness the readiness period, threshold and the days of offer history kept
 * @param probesTopic the {@code remote-probes} topic, read as a global table (latest probe per trunk)
 * @param usageEmit which rows are written to {@code cipher-usage}
 * @param readinessTopic the {@code removal-readiness} output topic (one record per organization verdict change)
 * @param readinessEvaluationIntervalMs how often (event time and wall-clock time) changed pairs are judged
 */
public record TopologyConfig(
    String inputTopic, String metadataTopic, String usageTopic, String fleetTopic, String alertsTopic,
    String dlqTopic, CipherPolicy policy, long windowSizeMs, long windowAdvanceMs, long graceMs,
    long idlePartitionTimeoutMs, long stateIdleTtlMs, AlertSettings alertSettings, InputLimits limits, int inputPartitions,
    Map<String, Object> serdeConfig, TopologyMetrics metrics, String policyTopic, PolicyHolder policyHolder,
    Readiness readiness, String probesTopic, UsageEmit usageEmit, String readinessTopic,
    long readinessEvaluationIntervalMs) {

  /** Derives the topology configuration from the application configuration. */
  public static TopologyConfig from(CipherwatchConfig cfg, int inputPartitions, TopologyMetrics metrics) {
    CipherPolicy policy;
    try {
      policy = CipherPolicy.parse(cfg.raw(Settings.POLICY_DEPRECATED), cfg.raw(Settings.POLICY_SUPPORTED),
          CipherCatalog.standard());
    } catch (IllegalArgumentException e) {
      throw new io.cipherwatch.config.ConfigException(e.getMessage());
    }
    long size = cfg.windowSize().toMillis();
    AlertSettings alerts = new AlertSettings(
        cfg.duration(Settings.ALERTS_RESOLVE_AFTER).toMillis(),
        cfg.duration(Settings.ALERTS_CLEAN_PERIOD).toMillis(),
        size,
        cfg.intValue(Settings.ALERTS_FAILURES_MIN_COUNT),
        cfg.doubleValue(Settings.ALERTS_FAILURES_MIN_SHARE));
    return new TopologyConfig(cfg.raw(Settings.TOPIC_INPUT), cfg.raw(Settings.TOPIC_METADATA),
        cfg.raw(Settings.TOPIC_USAGE), cfg.raw(Settings.TOPIC_FLEET), cfg.raw(Settings.TOPIC_ALERTS),
        cfg.raw(Settings.TOPIC_DLQ), policy, size, cfg.windowAdvance().toMillis(), cfg.windowGrace().toMillis(),
        cfg.duration(Settings.INPUT_IDLE_PARTITION_TIMEOUT).toMillis(),
        cfg.duration(Settings.STATE_IDLE_TTL).toMillis(), alerts, limits(cfg), inputPartitions,
        serdeConfig(cfg), metrics, cfg.raw(Settings.TOPIC_POLICY), new PolicyHolder(ActivePolicy.defaults(policy)),
        Readiness.from(cfg), cfg.raw(Settings.TOPIC_PROBES), UsageEmit.parse(cfg.raw(Settings.USAGE_EMIT)),
        cfg.raw(Settings.TOPIC_READINESS), cfg.duration(Settings.READINESS_EVALUATION_INTERVAL).toMillis());
  }

  /**
   * The configuration of the topology's serdes: the Kafka and registry keys, the input bounds the decoder enforces
   * (the same as the intake's), and one registry client, so every serde of the instance shares one schema cache.
   */
  static Map<String, Object> serdeConfig(CipherwatchConfig cfg) {
    Map<String, Object> m = cfg.kafkaObjects();
    m.put(DecodeLimits.MAX_RECORD_BYTES, cfg.intValue(Settings.INPUT_MAX_RECORD_BYTES));
    m.put(DecodeLimits.MAX_OFFERED_SUITES, cfg.intValue(Settings.INPUT_MAX_OFFERED_SUITES));
    if (m.get("schema.registry.url") != null && !m.containsKey(SchemaRegistryClients.INSTANCE)) {
      m.put(SchemaRegistryClients.INSTANCE, SchemaRegistryClients.fromConfig(m));
    }
    return m;
  }

  /** The input limits of the configuration. */
  public static InputLimits limits(CipherwatchConfig cfg) {
    return new InputLimits(cfg.intValue(Settings.INPUT_MAX_RECORD_BYTES),
        cfg.intValue(Settings.INPUT_MAX_OFFERED_SUITES), cfg.duration(Settings.INPUT_MAX_FUTURE_SKEW).toMillis());
  }
}
