package io.cipherwatch.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts the usage rows the every-window and the on-change exactly-once instances committed (read committed:
 * end offsets would count transaction markers too), so the output saved by {@code cipherwatch.usage.emit=on-change}
 * is exact.
 */
final class UsageRowsPhase {
  /** Committed usage rows of each mode, and the on-change share of the every-window rows. */
  record Result(long everyWindowRows, long onChangeRows) {
    void report(Map<String, Object> out) {
      out.put("everyWindowUsageRows", everyWindowRows);
      out.put("onChangeUsageRows", onChangeRows);
      out.put("onChangeUsageRowsShare", everyWindowRows == 0 ? 0.0 : (double) onChangeRows / everyWindowRows);
    }
  }

  private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

  private final BenchContext c;

  UsageRowsPhase(BenchContext c) {
    this.c = c;
  }

  Result run(String everyWindowTopic, String onChangeTopic) throws Exception {
    long began = System.nanoTime();
    long every = committed(everyWindowTopic);
    long onChange = committed(onChangeTopic);
    if (every == 0) {
      throw new IllegalStateException("the every-window instance committed no usage row to " + everyWindowTopic);
    }
    c.log.printf("usage rows committed: %,d every-window, %,d on-change (%.1f %%)%n", every, onChange,
        100.0 * onChange / every);
    c.endPhase("usageRows", BenchContext.seconds(began), Map.of("everyWindowUsageRows", every,
        "onChangeUsageRows", onChange));
    return new Result(every, onChange);
  }

  /** The records of {@code topic} that belong to committed transactions. */
  private long committed(String topic) throws Exception {
    Map<TopicPartition, Long> end = c.endOffsets(topic);
    Map<String, Object> config = c.kafka.adminConfig();
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    long count = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>(end.keySet());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (!reachedEnd(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end within "
              + READ_TIMEOUT.toMinutes() + " min");
        }
        count += consumer.poll(Duration.ofMillis(100)).count();
      }
    }
    return count;
  }

  private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
