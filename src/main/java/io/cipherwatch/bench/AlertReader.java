package io.cipherwatch.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the alerts topic on its own thread while the latency phase feeds events, and records each alert's
 * latency (the time it is read minus its event time) when its event time is at or after {@code measureFrom}.
 * A failure of the reader is kept and rethrown by {@link #finish()}: a latency phase whose reader failed has
 * no figures to report.
 */
final class AlertReader {
  private final Supplier<Consumer<byte[], byte[]>> consumers;
  private final List<TopicPartition> partitions;
  private final long measureFrom;
  private final Percentiles latencies = new Percentiles();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Thread thread;
  private volatile boolean reading = true;

  AlertReader(Supplier<Consumer<byte[], byte[]>> consumers, List<TopicPartition> partitions, long measureFrom) {
    this.consumers = consumers;
    this.partitions = List.copyOf(partitions);
    this.measureFrom = measureFrom;
    this.thread = new Thread(this::read, "bench-alert-reader");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Whether the reader has failed so far. */
  boolean failed() {
    return failure.get() != null;
  }

  /**
   * Stops reading and returns the latencies.
   *
   * @throws IllegalStateException when the reader failed, with its exception as the cause
   */
  Percentiles finish() throws InterruptedException {
    reading = false;
    thread.join();
    Throwable t = failure.get();
    if (t != null) {
      throw new IllegalStateException("the alert reader failed, so no alert latency was measured: " + t, t);
    }
    synchronized (latencies) {
      return latencies;
    }
  }

  private void read() {
    try (Consumer<byte[], byte[]> consumer = consumers.get()) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (reading) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
          long now = System.currentTimeMillis();
          if (r.timestamp() >= measureFrom) {
            synchronized (latencies) {
              latencies.add(now - r.timestamp());
            }
          }
        }
      }
    } catch (Throwable t) {
      failure.set(t);
    }
  }
}
