package io.cipherwatch.app;

import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.config.ConfigException;
import io.cipherwatch.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Checks (and optionally creates) the application's topics before the processor starts. */
public final class Topics {
  private Topics() {}

  /** How long to wait between two looks at a topic the broker does not know yet. */
  private static final long RETRY_MS = 100;

  /** A look at the brokers' topics. */
  @FunctionalInterface
  interface Look<T> {
    T get() throws InterruptedException, ExecutionException, TimeoutException;
  }

  /**
   * {@code look}'s answer, looked at again while it fails with {@link UnknownTopicOrPartitionException} until
   * {@code deadlineNanos}: a topic just created (here or by another instance) is listed by the controller before
   * every broker's metadata has it.
   */
  static <T> T untilKnown(Look<T> look, long deadlineNanos)
      throws InterruptedException, ExecutionException, TimeoutException {
    while (true) {
      try {
        return look.get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() >= deadlineNanos) {
          throw e;
        }
        Thread.sleep(RETRY_MS);
      }
    }
  }

  /** Every topic cipherwatch reads or writes, by configuration. */
  public static List<String> all(CipherwatchConfig cfg) {
    return List.of(cfg.raw(Settings.TOPIC_INPUT), cfg.raw(Settings.TOPIC_METADATA), cfg.raw(Settings.TOPIC_USAGE),
        cfg.raw(Settings.TOPIC_FLEET), cfg.raw(Settings.TOPIC_ALERTS), cfg.raw(Settings.TOPIC_DLQ),
        cfg.raw(Settings.TOPIC_POLICY), cfg.raw(Settings.TOPIC_PROBES), cfg.raw(Settings.TOPIC_READINESS));
  }

  /**
   * Ensures the topics exist (creating missing ones when {@code cipherwatch.topics.create=true}; the metadata
   * topic compacted) and returns the partition count of the input topic.
   *
   * @throws ConfigException naming the missing topics and the two ways to fix it
   */
  public static int prepare(Admin admin, CipherwatchConfig cfg) {
    try {
      Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
      List<String> missing = new ArrayList<>();
      for (String t : all(cfg)) {
        if (!existing.contains(t)) {
          missing.add(t);
        }
      }
      if (!missing.isEmpty()) {
        if (!cfg.booleanValue(Settings.TOPICS_CREATE)) {
          throw new ConfigException("Missing topic(s) " + missing + " on " + cfg.kafka().get("bootstrap.servers")
              + ": create them (see README, Topics) or set cipherwatch.topics.create=true");
        }
        int partitions = cfg.intValue(Settings.TOPICS_PARTITIONS);
        short rf = (short) cfg.intValue(Settings.TOPICS_REPLICATION);
        List<NewTopic> create = new ArrayList<>();
        for (String t : missing) {
          NewTopic nt = new NewTopic(t, partitions, rf);
          if (t.equals(cfg.raw(Settings.TOPIC_METADATA)) || t.equals(cfg.raw(Settings.TOPIC_POLICY))
              || t.equals(cfg.raw(Settings.TOPIC_PROBES)) || t.equals(cfg.raw(Settings.TOPIC_READINESS))) {
            nt.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
          }
          create.add(nt);
        }
        try {
          admin.createTopics(create).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
      String input = cfg.raw(Settings.TOPIC_INPUT);
      TopicDescription d = untilKnown(() -> admin.describeTopics(List.of(input)).allTopicNames()
          .get(60, TimeUnit.SECONDS).get(input), System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
      return d.partitions().size();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while checking topics", e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new ConfigException("Cannot check topics on " + cfg.kafka().get("bootstrap.servers") + ": " + cause
          + ". Check bootstrap.servers, network access and credentials (security.protocol, sasl.*, ssl.*).");
    }
  }
}
