package io.cipherwatch.cli;

import io.cipherwatch.app.SchemaSubjects;
import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.config.ConfigException;
import io.cipherwatch.config.Secrets;
import io.cipherwatch.serde.SchemaRegistrySerdeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code schemas register}: registers the subjects {@code run} writes, for registries without auto-registration. */
@Command(name = "schemas", mixinStandardHelpOptions = true,
    description = "Schema registry tasks.", subcommands = SchemasCommand.Register.class)
public final class SchemasCommand implements Runnable {
  @Override
  public void run() {
    System.err.println("Usage: cipherwatch schemas register --config app.properties");
  }

  /** Registers every subject an instance writes (outputs and *-latest changelogs) with its schema. */
  @Command(name = "register", mixinStandardHelpOptions = true,
      description = {"Registers the schemas of the subjects run writes (output topics and store changelogs).",
          "Takes the same configuration as run (--config, CIPHERWATCH_* and KAFKA_* variables)."})
  static final class Register implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "app.properties",
        description = "schema.registry.url and its credentials, application.id, topic names.")
    Path config;

    @Override
    public Integer call() {
      if (config != null && !Files.isReadable(config)) {
        System.err.println("Cannot read configuration file " + config + ": check the path and permissions.");
        return 2;
      }
      try {
        CipherwatchConfig cfg = CipherwatchConfig.load(config, System.getenv(), Map.of());
        if (cfg.kafka().get("schema.registry.url") == null) {
          throw new ConfigException("schema.registry.url is not set: put it in the --config file or set"
              + " KAFKA_SCHEMA_REGISTRY_URL");
        }
        SchemaSubjects.register(cfg).forEach((subject, id) -> System.out.println(subject + " id " + id));
        return 0;
      } catch (ConfigException | SchemaRegistrySerdeException | org.apache.kafka.common.config.ConfigException e) {
        System.err.println("Cannot register the schemas: " + Secrets.redact(e.getMessage()));
        return 2;
      }
    }
  }
}
