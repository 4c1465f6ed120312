package io.cipherwatch.cli;

import io.cipherwatch.app.CipherwatchApp;
import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.config.ConfigException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code run}: the processor against a real Kafka cluster, until SIGTERM / Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Runs the cipherwatch processor against a Kafka cluster.",
        "Configuration: --config file, overridden by CIPHERWATCH_* and KAFKA_* environment variables."})
public final class RunCommand implements Callable<Integer> {
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
      require(cfg, "bootstrap.servers", "KAFKA_BOOTSTRAP_SERVERS");
      require(cfg, "schema.registry.url", "KAFKA_SCHEMA_REGISTRY_URL");
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
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
    } catch (ConfigException e) {
      app.close();
      System.err.println(e.getMessage());
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

  private static void require(CipherwatchConfig cfg, String key, String env) {
    if (cfg.kafka().get(key) == null) {
      throw new ConfigException(key + " is not set: put it in the --config file or set " + env);
    }
  }
}
