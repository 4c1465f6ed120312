package io.cipherwatch.topology;

import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.HandshakeOutcome;
import io.cipherwatch.catalog.CipherCatalog;
import io.cipherwatch.policy.PolicyHolder;
import io.cipherwatch.policy.HandshakeValidator;
import io.cipherwatch.policy.RejectReason;
import io.cipherwatch.serde.RegistryUnavailableException;
import io.cipherwatch.serde.SchemaRegistrySerdeException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes the raw input record, validates it and classifies the handshake; forwards one {@link Intake} per
 * record, keyed by trunkId (or by the original key, for rejected records). Never throws for bad input; only
 * an unreachable schema registry stops processing (it is not the record's fault, so the record is retried).
 */
final class IntakeProcessor implements Processor<byte[], byte[], String, Intake> {
  private static final String TICK_HEADER = CipherwatchTopology.TICK_HEADER;

  private final String inputTopic;
  private final PolicyHolder policy;
  private final Deserializer<HandshakeEvent> deserializer;
  private final TopologyMetrics metrics;
  private final Intake intake = new Intake();
  private ProcessorContext<String, Intake> context;

  IntakeProcessor(String inputTopic, PolicyHolder policy, Deserializer<HandshakeEvent> deserializer,
      TopologyMetrics metrics) {
    this.inputTopic = inputTopic;
    this.policy = policy;
    this.deserializer = deserializer;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Intake> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    Header tick = record.headers().lastHeader(TICK_HEADER);
    if (tick != null) {
      processTick(record, tick);
      return;
    }
    if (record.value() == null) {
      reject(record, null, "UNDECODABLE", "The record has no value (tombstone): publish one Avro HandshakeEvent"
          + " per record to this topic");
      return;
    }
    HandshakeEvent e;
    try {
      e = deserializer.deserialize(inputTopic, record.headers(), record.value());
    } catch (RegistryUnavailableException unavailable) {
      throw unavailable;
    } catch (SchemaRegistrySerdeException bad) {
      reject(record, null, bad.reason(), bad.getMessage());
      return;
    } catch (RuntimeException corrupt) {
      reject(record, null, "CORRUPT_AVRO", "The value is not a valid Avro HandshakeEvent (" + corrupt
          + "): check the producer's schema and serializer");
      return;
    }
    RejectReason reason = fill(e);
    if (reason != null) {
      reject(record, e, reason.name(), reason.message());
      return;
    }
    intake.kind = Intake.Kind.HANDSHAKE;
    intake.originalKey = record.key();
    intake.originalValue = record.value();
    intake.classification = policy.current().rules().classify(intake.inbound, intake.established, intake.chosen, intake.offer,
        intake.offerLength);
    context.forward(new Record<>(e.getTrunkId(), intake, intake.timestamp, record.headers()));
  }

  /** Copies the event into the reusable intake, GREASE removed; returns the first rule broken, or null. */
  private RejectReason fill(HandshakeEvent e) {
    intake.event = e;
    intake.timestamp = e.getTimestamp().toEpochMilli();
    intake.inbound = e.getDirection() == Direction.INBOUND;
    intake.established = e.getOutcome() == HandshakeOutcome.ESTABLISHED;
    Integer chosen = e.getNegotiatedCipherSuite();
    intake.chosen = chosen == null ? -1 : chosen;
    if (chosen != null && (chosen < 0 || chosen > 0xFFFF)) {
      return RejectReason.CODE_OUT_OF_RANGE;
    }
    List<Integer> offered = e.getOfferedCipherSuites();
    int n = 0;
    int size = offered.size();
    if (intake.offer.length < size) {
      intake.offer = new int[Math.max(size, intake.offer.length * 2)];
    }
    for (int i = 0; i < size; i++) {
      int c = offered.get(i);
      if (c < 0 || c > 0xFFFF) {
        return RejectReason.CODE_OUT_OF_RANGE;
      }
      if (!CipherCatalog.isGrease(c)) {
        intake.offer[n++] = c;
      }
    }
    intake.offerLength = n;
    if (intake.timestamp <= 0) {
      return RejectReason.BAD_TIMESTAMP;
    }
    return HandshakeValidator.validate(e.getTrunkId(), e.getEdgeId(), intake.established, intake.chosen,
        intake.offer, n);
  }

  private void processTick(Record<byte[], byte[]> record, Header tick) {
    long ts;
    try {
      ts = Long.parseLong(new String(tick.value(), StandardCharsets.US_ASCII).trim());
    } catch (RuntimeException e) {
      reject(record, null, "BAD_TICK", "The " + TICK_HEADER + " header must hold epoch milliseconds as a"
          + " decimal number, got '" + (tick.value() == null ? "null" : new String(tick.value(),
          StandardCharsets.US_ASCII)) + "'");
      return;
    }
    intake.kind = Intake.Kind.TICK;
    intake.timestamp = ts;
    context.forward(record.withKey((String) null).withValue(intake).withTimestamp(ts));
  }

  private void reject(Record<byte[], byte[]> record, HandshakeEvent e, String reason, String message) {
    RecordMetadata md = context.recordMetadata().orElse(null);
    intake.kind = Intake.Kind.REJECTED;
    intake.event = e;
    intake.reason = reason;
    intake.message = message;
    intake.sourceTopic = md == null ? "" : md.topic();
    intake.sourcePartition = md == null ? -1 : md.partition();
    intake.sourceOffset = md == null ? -1 : md.offset();
    intake.timestamp = record.timestamp();
    intake.originalKey = record.key();
    intake.originalValue = record.value();
    metrics.deadLetter(reason);
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    context.forward(record.withKey(key).withValue(intake));
  }

}
