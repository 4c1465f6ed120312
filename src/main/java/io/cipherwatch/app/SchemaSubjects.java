package io.cipherwatch.app;

import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.DeadLetter;
import io.cipherwatch.avro.DeprecationAlert;
import io.cipherwatch.avro.FleetUsage;
import io.cipherwatch.avro.OrganizationReadiness;
import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.config.ConfigException;
import io.cipherwatch.config.Settings;
import io.cipherwatch.serde.SchemaNotRegisteredException;
import io.cipherwatch.serde.SchemaRegistryClient;
import io.cipherwatch.serde.SchemaRegistryClients;
import io.cipherwatch.serde.SchemaRegistrySerdeConfig;
import io.cipherwatch.serde.SubjectNameStrategy;
import io.cipherwatch.topology.StoreNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The registry subjects an instance writes (its five output topics and the changelogs of its three Avro
 * {@code *-latest} stores) with the schema each needs. With {@code auto.register.schemas=false} (the default of
 * {@code run}) they must be registered beforehand: {@code cipherwatch schemas register --config app.properties}
 * does it, and {@link #resolve} turns a missing one into a start-up error saying so.
 */
public final class SchemaSubjects {
  /** The command that registers them. */
  public static final String REGISTER_COMMAND = "cipherwatch schemas register --config app.properties";

  private SchemaSubjects() {}

  /** Subject → schema, in a fixed order, for the configured topics, application.id and subject name strategy. */
  public static Map<String, Schema> of(CipherwatchConfig cfg) {
    SubjectNameStrategy strategy = SubjectNameStrategy.parse(SchemaRegistrySerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
        cfg.kafka().get(SchemaRegistrySerdeConfig.VALUE_SUBJECT_NAME_STRATEGY));
    String app = cfg.kafka().get("application.id");
    Map<String, Schema> out = new LinkedHashMap<>();
    put(out, strategy, cfg.raw(Settings.TOPIC_USAGE), CipherUsage.getClassSchema());
    put(out, strategy, cfg.raw(Settings.TOPIC_FLEET), FleetUsage.getClassSchema());
    put(out, strategy, cfg.raw(Settings.TOPIC_ALERTS), DeprecationAlert.getClassSchema());
    put(out, strategy, cfg.raw(Settings.TOPIC_DLQ), DeadLetter.getClassSchema());
    put(out, strategy, cfg.raw(Settings.TOPIC_READINESS), OrganizationReadiness.getClassSchema());
    put(out, strategy, changelog(app, StoreNames.ALERTS_LATEST), DeprecationAlert.getClassSchema());
    put(out, strategy, changelog(app, StoreNames.FLEET_LATEST), FleetUsage.getClassSchema());
    return out;
  }

  private static void put(Map<String, Schema> out, SubjectNameStrategy strategy, String topic, Schema schema) {
    out.putIfAbsent(strategy.subject(topic, false, schema), schema);
  }

  private static String changelog(String applicationId, String store) {
    return applicationId + "-" + store + "-changelog";
  }

  /** Whether the configuration lets the serializers register schemas themselves (the serde's default: true). */
  public static boolean autoRegister(CipherwatchConfig cfg) {
    String v = cfg.kafka().get(SchemaRegistrySerdeConfig.AUTO_REGISTER_SCHEMAS);
    return v == null || Boolean.parseBoolean(v.trim());
  }

  /**
   * Looks up (with {@code auto.register.schemas}: registers) the schema id of every subject of {@link #of} through
   * {@code client}, the instance's one registry client: its cache then holds every id the outputs need, so writing
   * an output or rebuilding a {@code *-latest} store never has to reach the registry while the instance runs.
   *
   * @throws ConfigException listing the missing subjects and how to register them
   * @throws io.cipherwatch.serde.RegistryFaultException when the registry is unavailable or refuses the instance
   */
  public static void resolve(CipherwatchConfig cfg, SchemaRegistryClient client) {
    boolean register = autoRegister(cfg);
    List<String> missing = new ArrayList<>();
    of(cfg).forEach((subject, schema) -> {
      try {
        if (register) {
          client.register(subject, schema);
        } else {
          client.getId(subject, schema);
        }
      } catch (SchemaNotRegisteredException e) {
        missing.add(subject);
      }
    });
    if (!missing.isEmpty()) {
      throw new ConfigException("Schema(s) not registered in " + client.location() + " under " + missing
          + " and auto.register.schemas is false: register them once with `" + REGISTER_COMMAND + "` (same"
          + " configuration as run; the schemas are in schemas/ and in the jar), or set auto.register.schemas=true");
    }
  }

  /** Registers every subject of {@link #of}; returns subject → id. */
  public static Map<String, Integer> register(CipherwatchConfig cfg) {
    SchemaRegistryClient client = SchemaRegistryClients.fromConfig(cfg.kafkaObjects());
    Map<String, Integer> ids = new LinkedHashMap<>();
    of(cfg).forEach((subject, schema) -> ids.put(subject, client.register(subject, schema)));
    return ids;
  }
}
