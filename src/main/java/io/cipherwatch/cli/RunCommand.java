package io.cipherwatch.cli;

import io.cipherwatch.app.CipherwatchApp;
import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.config.ConfigException;
import io.cipherwatch.config.Secrets;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code run}: the processor against a real Kafka cluster, until SIGTERM / Ctrl-C. Schemas are not registered by
 * the processor ({@code auto.register.schemas=false} unless configured): {@code cipherwatch schemas register} does
 * it once. A start-up failure is one line on stderr, exit code 2, without secrets.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Runs the cipherwatch processor against a Kafka cluster.",
        "Configuration: --config file, overridden by CIPHERWATCH_* and KAFKA_* environment variables."})
public final class RunCommand implements Callable<Integer> {
  private static final String AUTO_REGISTER = "auto.register.schemas";

  @Mixin ConfigFileOption config;

  @Override
  public Integer call() throws InterruptedException {
    if (config.unreadable() != null) {
      System.err.println(config.unreadable());
      return 2;
    }
    CipherwatchConfig cfg;
    try {
      cfg = CipherwatchConfig.load(config.file(), System.getenv(), Map.of());
      if (!cfg.kafka().containsKey(AUTO_REGISTER)) {
        cfg = cfg.with(Map.of(AUTO_REGISTER, "false"));
      }
      require(cfg, "bootstrap.servers", "KAFKA_BOOTSTRAP_SERVERS");
      require(cfg, "schema.registry.url", "KAFKA_SCHEMA_REGISTRY_URL");
    } catch (ConfigException e) {
      System.err.println(Secrets.redact(e.getMessage()));
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    CipherwatchApp app = new CipherwatchApp(cfg);
    app.addStateListener((now, before) -> {
      if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
        stopped.countDown();
      }
    });
    try {
      app.start();
    } catch (RuntimeException e) {
      app.close();
      System.err.println(startFailure(e));
      return 2;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      stopped.countDown();
    }, "cipherwatch-shutdown"));
    System.err.println("cipherwatch running: application.id=" + cfg.kafka().get("application.id")
        + ", bootstrap.servers=" + cfg.kafka().get("bootstrap.servers"));
    stopped.await();
    return app.streams().state() == KafkaStreams.State.ERROR ? 1 : 0;
  }

  /** One line saying why start-up failed: a configuration error's message, else the types and messages. */
  static String startFailure(RuntimeException e) {
    if (e instanceof ConfigException) {
      return Secrets.redact(e.getMessage());
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = "cipherwatch could not start: " + e.getClass().getSimpleName() + ": " + e.getMessage()
        + (root == e ? "" : " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")");
    return Secrets.redact(message.replace('\n', ' '));
  }

  private static void require(CipherwatchConfig cfg, String key, String env) {
    if (cfg.kafka().get(key) == null) {
      throw new ConfigException(key + " is not set: put it in the --config file or set " + env);
    }
  }
}
