package io.cipherwatch.simulate.kafka;

import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.TrunkMetadata;
import io.cipherwatch.serde.AvroSerializer;
import io.cipherwatch.simulate.SimulatedRecord;
import io.cipherwatch.topology.CipherwatchTopology;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes simulated trunks and handshakes to Kafka: trunk metadata to the metadata topic (key = trunkId),
 * handshakes to the events topic (key = trunkId, Avro through the schema-registry serializer, timestamp = event
 * time; an undecodable fault's raw bytes as they are), and optional time ticks to every partition of the
 * events topic. Sends are asynchronous; failures are counted, never thrown from {@link #send}. Not thread-safe
 * for sending; the counters may be read from any thread.
 */
public final class SimulationPublisher implements AutoCloseable {
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaProducer<byte[], byte[]> producer;
  private final AvroSerializer<HandshakeEvent> events = new AvroSerializer<>(HandshakeEvent.class);
  private final AvroSerializer<TrunkMetadata> metadata = new AvroSerializer<>(TrunkMetadata.class);
  private final String eventsTopic;
  private final String metadataTopic;
  private final String bootstrap;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong faults = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private final Callback onCompletion = (md, e) -> {
    if (e != null) {
      errors.incrementAndGet();
      lastError.set(e.toString());
    }
  };
  private int partitions = -1;

  /**
   * @param config Kafka producer keys ({@code bootstrap.servers}, {@code security.protocol}, {@code sasl.*},
   *     {@code ssl.*}, ...) and schema-registry keys ({@code schema.registry.url}, {@code basic.auth.*}, ...)
   * @param eventsTopic where handshakes go
   * @param metadataTopic where trunk metadata goes
   */
  public SimulationPublisher(Map<String, ?> config, String eventsTopic, String metadataTopic) {
    this.eventsTopic = eventsTopic;
    this.metadataTopic = metadataTopic;
    this.bootstrap = String.valueOf(config.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
    events.configure(config, false);
    metadata.configure(config, false);
    Map<String, Object> p = new HashMap<>(config);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "cipherwatch-simulator");
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 10);
    p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    producer = new KafkaProducer<>(p);
  }

  /**
   * Checks that the topics exist on the cluster of {@code config}.
   *
   * @throws IllegalStateException naming the missing topics, or why the cluster could not be asked
   */
  public static void requireTopics(Map<String, ?> config, List<String> topics) {
    Map<String, Object> a = new HashMap<>(config);
    try (Admin admin = Admin.create(a)) {
      Set<String> existing = admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      List<String> missing = new ArrayList<>();
      for (String t : topics) {
        if (!existing.contains(t)) {
          missing.add(t);
        }
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException("Topic(s) " + missing + " do not exist on " + config.get("bootstrap.servers")
            + ": create them first (README, Topics), or name other ones with --topic / --metadata-topic.");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while checking topics", e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("Cannot list topics on " + config.get("bootstrap.servers") + ": " + cause
          + ". Check --bootstrap-servers, network access and the security settings (--config).");
    }
  }

  /**
   * Publishes every trunk and waits for the broker to acknowledge them.
   *
   * @throws IllegalStateException when a record was not acknowledged, with the broker's reason
   */
  public void publishTrunks(List<TrunkMetadata> trunks) {
    List<Future<?>> acks = new ArrayList<>(trunks.size());
    for (TrunkMetadata t : trunks) {
      byte[] value = metadata.serialize(metadataTopic, t);
      acks.add(producer.send(new ProducerRecord<>(metadataTopic, utf8(t.getTrunkId()), value)));
    }
    producer.flush();
    for (Future<?> f : acks) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while publishing trunk metadata", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("Cannot publish trunk metadata to topic '" + metadataTopic + "' on "
            + bootstrap + ": " + e.getCause() + ". Check that the topic exists and this client may write to it.");
      }
    }
  }

  /** Sends one simulated handshake (asynchronously). */
  public void send(SimulatedRecord r) {
    byte[] value = r.rawValue() != null ? r.rawValue() : events.serialize(eventsTopic, r.event());
    long timestamp = r.event() != null ? r.event().getTimestamp().toEpochMilli() : System.currentTimeMillis();
    if (r.isFault()) {
      faults.incrementAndGet();
    }
    producer.send(new ProducerRecord<>(eventsTopic, null, timestamp, utf8(r.key()), value), onCompletion);
    sent.incrementAndGet();
  }

  /** Sends a time tick at {@code eventTimeMillis} to every partition of the events topic. */
  public void tick(long eventTimeMillis) {
    if (partitions < 0) {
      partitions = producer.partitionsFor(eventsTopic).size();
    }
    for (int p = 0; p < partitions; p++) {
      producer.send(new ProducerRecord<>(eventsTopic, p, eventTimeMillis, null, null,
          CipherwatchTopology.tickHeaders(eventTimeMillis)), onCompletion);
    }
  }

  /** Waits until every record sent so far is acknowledged or failed. */
  public void flush() {
    producer.flush();
  }

  /** Handshakes sent (including faults; ticks not counted). */
  public long sent() {
    return sent.get();
  }

  /** Deliberately malformed handshakes among {@link #sent()}. */
  public long faults() {
    return faults.get();
  }

  /** Records (handshakes or ticks) the broker did not acknowledge. */
  public long errors() {
    return errors.get();
  }

  /** The last send failure, or null. */
  public String lastError() {
    return lastError.get();
  }

  /** Flushes and closes the producer, waiting at most {@code timeout} for unsent records. */
  public void close(Duration timeout) {
    producer.close(timeout);
    events.close();
    metadata.close();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  private static byte[] utf8(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }
}
