package io.cipherwatch.topology;

import io.cipherwatch.policy.DeadLetterReason;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' {@code production.exception.handler} for cipherwatch (set by default): an output record that
 * cannot be written (e.g. {@code RecordTooLargeException}, an invalid timestamp) becomes a dead letter with reason
 * {@code UNPRODUCIBLE_OUTPUT} naming the exception, written in its place, and is counted; processing goes on.
 * Retriable errors are retried. A dead letter that cannot be written itself fails the instance (dead letters are
 * bounded in size, so that means the dead-letter topic is missing or not writable: a configuration error), and
 * so does a record of an internal topic (changelog, repartition), whose loss would corrupt state.
 *
 * <p>Under exactly-once a send error puts the producer's transaction in an abortable state, so the dead letter
 * cannot save it: outputs too large to send are therefore refused earlier, in serialization ({@link BoundedSerde},
 * {@link #handleSerializationError}), where the transaction is unaffected.
 *
 * <p>Configured from the Streams properties: {@code cipherwatch.topics.dlq}, the schema-registry keys, and the
 * {@link TopologyMetrics} under {@link #METRICS_CONFIG} (optional).
 */
public final class DeadLetterProductionHandler implements ProductionExceptionHandler {
  /** Streams property holding the {@link TopologyMetrics} instance to count into. */
  public static final String METRICS_CONFIG = DeadLetterSink.METRICS_CONFIG;
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProductionHandler.class);

  private DeadLetterSink sink;

  @Override
  public void configure(Map<String, ?> configs) {
    sink = new DeadLetterSink(configs);
  }

  @Override
  public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
      Exception exception) {
    if (exception instanceof RetriableException) {
      return Response.retry();
    }
    if (sink.topic.equals(record.topic())) {
      LOG.error("Cannot write a dead letter to topic {}: {}. Check that the topic exists and this instance may"
          + " write to it.", sink.topic, exception.toString());
      return Response.fail();
    }
    if (record.topic().endsWith("-changelog") || record.topic().endsWith("-repartition")) {
      // dropping a store or repartition record would corrupt state silently: fail instead
      LOG.error("Cannot write to internal topic {}: {}", record.topic(), exception.toString());
      return Response.fail();
    }
    String message = DeadLetterReason.UNPRODUCIBLE_OUTPUT.message() + " (output topic " + record.topic() + ", key "
        + size(record.key()) + " bytes, value " + size(record.value()) + " bytes: "
        + DeadLetterSink.describe(exception) + ")";
    long ts = record.timestamp() != null ? record.timestamp() : context.timestamp();
    return Response.resume(List.of(sink.deadLetter(context, DeadLetterReason.UNPRODUCIBLE_OUTPUT, message, ts)));
  }

  /** An output refused by {@link BoundedSerde} in a sink: a dead letter, the transaction is unaffected. */
  @Override
  public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record,
      Exception exception, SerializationExceptionOrigin origin) {
    if (!(exception instanceof OutputTooLargeException)) {
      return Response.fail();
    }
    String message = DeadLetterReason.UNPRODUCIBLE_OUTPUT.message() + " (output topic " + record.topic() + ": "
        + DeadLetterSink.describe(exception) + ")";
    return Response.resume(List.of(sink.deadLetter(context, DeadLetterReason.UNPRODUCIBLE_OUTPUT, message,
        context.timestamp())));
  }

  private static int size(byte[] b) {
    return b == null ? 0 : b.length;
  }
}
