package io.cipherwatch.topology;

import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.HandshakeOutcome;
import io.cipherwatch.catalog.CipherCatalog;
import io.cipherwatch.policy.PolicyHolder;
import io.cipherwatch.policy.HandshakeValidator;
import io.cipherwatch.policy.InputLimits;
import io.cipherwatch.policy.DeadLetterReason;
import io.cipherwatch.serde.RegistryFaultException;
import io.cipherwatch.serde.SchemaRegistrySerdeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Checks, decodes and validates the raw input record and classifies the handshake; forwards one {@link Intake}
 * per record, keyed by trunkId (or by the original key, for rejected records).
 *
 * <p>No input record can stop the partition: sizes are checked before decoding ({@link InputLimits}), every
 * rule broken is a dead letter with its reason, and any other exception while processing a record is caught and
 * dead-lettered as {@code INTERNAL_ERROR}. Only Kafka Streams' own failures ({@link StreamsException}, e.g. a
 * fenced producer) propagate.
 *
 * <p>An unavailable schema registry is not the record's fault: the record is <em>parked</em> in the changelogged
 * {@code parked-handshakes} store, and so is every later record of the partition (order is kept), until a
 * wall-clock punctuator finds the registry back (retrying with backoff) and drains them in order. The stream
 * thread never blocks or dies for it, so there is no transaction timeout, no rebalance and no restore.
 */
final class IntakeProcessor implements Processor<byte[], byte[], String, Intake> {
  private static final String TICK_HEADER = CipherwatchTopology.TICK_HEADER;
  /** How often the punctuator looks at parked records (it does nothing while none are parked). */
  static final Duration RETRY_CHECK = Duration.ofMillis(500);
  static final long FIRST_BACKOFF_MS = 500;
  static final long MAX_BACKOFF_MS = 5_000;
  /** Longest a punctuation drains parked records before it lets the stream thread poll and commit. */
  private static final long DRAIN_BUDGET_NANOS = 200_000_000L;

  private final String inputTopic;
  private final PolicyHolder policy;
  private final InputLimits limits;
  private final Deserializer<HandshakeEvent> deserializer;
  private final TopologyMetrics metrics;
  private final Intake intake = new Intake();
  private ProcessorContext<String, Intake> context;
  private ParkedRecords parked;
  private int taskPartition;
  private long backoff = FIRST_BACKOFF_MS;
  private long nextAttempt;

  IntakeProcessor(String inputTopic, PolicyHolder policy, InputLimits limits,
      Deserializer<HandshakeEvent> deserializer, TopologyMetrics metrics) {
    this.inputTopic = inputTopic;
    this.policy = policy;
    this.limits = limits;
    this.deserializer = deserializer;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Intake> context) {
    this.context = context;
    this.taskPartition = context.taskId().partition();
    this.parked = new ParkedRecords(context.getStateStore(StoreNames.PARKED_HANDSHAKES));
    metrics.parked(taskPartition, parked.size());
    nextAttempt = 0;
    context.schedule(RETRY_CHECK, PunctuationType.WALL_CLOCK_TIME, this::retryParked);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata md = context.recordMetadata().orElse(null);
    int partition = md == null ? -1 : md.partition();
    long offset = md == null ? -1 : md.offset();
    if (!parked.isEmpty() || !handle(record, partition, offset)) {
      park(record, partition, offset);
    }
  }

  private void park(Record<byte[], byte[]> record, int partition, long offset) {
    parked.append(record, partition, offset);
    metrics.parked(taskPartition, parked.size());
  }

  /** Drains parked records in order while the registry answers; backs off when it still does not. */
  private void retryParked(long now) {
    if (parked.isEmpty() || now < nextAttempt) {
      return;
    }
    long deadline = System.nanoTime() + DRAIN_BUDGET_NANOS;
    ParkedRecords.Parked p;
    while ((p = parked.first()) != null) {
      if (!handle(p.record(), p.partition(), p.offset())) {
        nextAttempt = now + backoff;
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        break;
      }
      parked.removeFirst();
      backoff = FIRST_BACKOFF_MS;
      if (System.nanoTime() > deadline) {
        break;
      }
    }
    metrics.parked(taskPartition, parked.size());
  }

  /**
   * Processes one record; false when the registry was unavailable (nothing was forwarded: the record must be
   * parked and retried).
   */
  private boolean handle(Record<byte[], byte[]> record, int partition, long offset) {
    intake.sourceTopic = inputTopic;
    intake.sourcePartition = partition;
    intake.sourceOffset = offset;
    try {
      return decodeAndForward(record);
    } catch (StreamsException framework) {
      throw framework;
    } catch (RuntimeException bug) {
      String m = bug.getMessage();
      reject(record, null, DeadLetterReason.INTERNAL_ERROR, DeadLetterReason.INTERNAL_ERROR.message() + " ("
          + bug.getClass().getName() + (m == null ? "" : ": " + DeadLetters.cut(m, 512)) + ")");
      return true;
    }
  }

  private boolean decodeAndForward(Record<byte[], byte[]> record) {
    Header tick = record.headers().lastHeader(TICK_HEADER);
    if (tick != null) {
      processTick(record, tick);
      return true;
    }
    if (record.value() == null) {
      reject(record, null, DeadLetterReason.UNDECODABLE, DeadLetterReason.UNDECODABLE.message());
      return true;
    }
    if (limits.checkSize(record.key(), record.value()) != null) {
      reject(record, null, DeadLetterReason.RECORD_TOO_LARGE, DeadLetterReason.RECORD_TOO_LARGE.message() + " ("
          + (record.value().length + (record.key() == null ? 0 : record.key().length)) + " bytes, limit "
          + limits.maxRecordBytes() + ")");
      return true;
    }
    HandshakeEvent e;
    try {
      e = deserializer.deserialize(inputTopic, record.headers(), record.value());
    } catch (RegistryFaultException fault) {
      // the registry's fault, never the record's: wait for it (a configuration error also fails /health)
      if (fault.isTransient()) {
        metrics.registryUnavailable();
      } else {
        metrics.registryMisconfigured(fault.getMessage());
      }
      return false;
    } catch (SchemaRegistrySerdeException bad) {
      reject(record, null, DeadLetterReason.named(bad.reason(), DeadLetterReason.CORRUPT_AVRO), bad.getMessage());
      return true;
    } catch (RuntimeException corrupt) {
      reject(record, null, DeadLetterReason.CORRUPT_AVRO, "The value is not a valid Avro HandshakeEvent (" + corrupt
          + "): check the producer's schema and serializer");
      return true;
    }
    DeadLetterReason reason = fill(e, record.key());
    if (reason != null) {
      reject(record, reason == DeadLetterReason.ID_TOO_LONG ? null : e, reason, reason.message());
      return true;
    }
    intake.kind = Intake.Kind.HANDSHAKE;
    intake.originalKey = record.key();
    intake.originalValue = record.value();
    intake.classification = policy.current().rules().classify(intake.inbound, intake.established, intake.chosen, intake.offer,
        intake.offerLength);
    // the input's headers are not carried to the outputs: they are the producer's, and would count against
    // the outputs' size
    context.forward(new Record<>(e.getTrunkId(), intake, intake.timestamp));
    return true;
  }

  /** Copies the event into the reusable intake, GREASE removed; returns the first rule broken, or null. */
  private DeadLetterReason fill(HandshakeEvent e, byte[] key) {
    intake.event = e;
    DeadLetterReason ids = InputLimits.checkIds(e.getEventId(), e.getEdgeId(), e.getTrunkId());
    if (ids != null) {
      return ids;
    }
    List<Integer> offered = e.getOfferedCipherSuites();
    int size = offered.size();
    if (limits.checkOffer(size) != null) {
      return DeadLetterReason.TOO_MANY_SUITES;
    }
    intake.timestamp = e.getTimestamp().toEpochMilli();
    intake.inbound = e.getDirection() == Direction.INBOUND;
    intake.established = e.getOutcome() == HandshakeOutcome.ESTABLISHED;
    Integer chosen = e.getNegotiatedCipherSuite();
    intake.chosen = chosen == null ? -1 : chosen;
    if (chosen != null && (chosen < 0 || chosen > 0xFFFF)) {
      return DeadLetterReason.CODE_OUT_OF_RANGE;
    }
    int n = 0;
    if (intake.offer.length < size) {
      intake.offer = new int[Math.max(size, intake.offer.length * 2)];
    }
    for (int i = 0; i < size; i++) {
      int c = offered.get(i);
      if (c < 0 || c > 0xFFFF) {
        return DeadLetterReason.CODE_OUT_OF_RANGE;
      }
      if (!CipherCatalog.isGrease(c)) {
        intake.offer[n++] = c;
      }
    }
    intake.offerLength = n;
    if (intake.timestamp <= 0) {
      return DeadLetterReason.BAD_TIMESTAMP;
    }
    long now = context.currentSystemTimeMs();
    metrics.clockSkew(e.getEdgeId(), intake.timestamp - now);
    if (limits.isFuture(intake.timestamp, now)) {
      return DeadLetterReason.FUTURE_TIMESTAMP;
    }
    DeadLetterReason invalid = HandshakeValidator.validate(e.getTrunkId(), e.getEdgeId(), intake.established,
        intake.chosen, intake.offer, n);
    if (invalid != null) {
      return invalid;
    }
    return InputLimits.keyMatches(key, e.getTrunkId()) ? null : DeadLetterReason.KEY_MISMATCH;
  }

  private void processTick(Record<byte[], byte[]> record, Header tick) {
    long ts;
    try {
      ts = Long.parseLong(new String(tick.value(), StandardCharsets.US_ASCII).trim());
    } catch (RuntimeException e) {
      reject(record, null, DeadLetterReason.BAD_TICK, "The " + TICK_HEADER + " header must hold epoch milliseconds as a"
          + " decimal number, got '" + (tick.value() == null ? "null" : DeadLetters.cut(new String(tick.value(),
          StandardCharsets.US_ASCII), 64)) + "'");
      return;
    }
    if (limits.isFuture(ts, context.currentSystemTimeMs())) {
      reject(record, null, DeadLetterReason.FUTURE_TIMESTAMP, DeadLetterReason.FUTURE_TIMESTAMP.message()
          + " (tick at " + ts + " ms)");
      return;
    }
    intake.kind = Intake.Kind.TICK;
    intake.timestamp = ts;
    context.forward(record.withKey((String) null).withValue(intake).withTimestamp(ts));
  }

  /** Forwards the record as rejected; its source coordinates are already in {@link #intake}. */
  private void reject(Record<byte[], byte[]> record, HandshakeEvent e, DeadLetterReason reason, String message) {
    intake.kind = Intake.Kind.REJECTED;
    intake.event = e;
    intake.reason = reason;
    intake.message = message;
    intake.timestamp = record.timestamp();
    intake.originalKey = record.key();
    intake.originalValue = record.value();
    metrics.deadLetter(reason);
    String key = record.key() == null ? null : new String(record.key(), 0,
        Math.min(record.key().length, DeadLetters.MAX_ORIGINAL_BYTES), StandardCharsets.UTF_8);
    context.forward(new Record<>(key, intake, record.timestamp()));
  }
}
