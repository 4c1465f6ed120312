package io.cipherwatch.topology;

import io.cipherwatch.policy.DeadLetterReason;
import io.cipherwatch.serde.RegistryFaultException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Kafka Streams' {@code processing.exception.handler} for cipherwatch (set by default): an exception thrown by
 * any processor while it handles one record (a defect) becomes a dead letter of the source record with reason
 * {@code INTERNAL_ERROR} naming the exception class and processor, is counted, and processing goes on with the
 * next record; an output refused as too large to produce ({@link OutputTooLargeException}, thrown when a store or
 * sink serializes it) is dead-lettered as {@code UNPRODUCIBLE_OUTPUT}. Kafka Streams' own failures
 * ({@link StreamsException}) still fail, and so does a schema registry that is down or refuses the instance
 * ({@link RegistryFaultException}, e.g. while an output is serialized): a dependency is waited for, never blamed
 * on the record — the stream thread is replaced after a pause and the task reprocesses from its last commit.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {
  private DeadLetterSink sink;

  @Override
  public void configure(Map<String, ?> configs) {
    sink = new DeadLetterSink(configs);
  }

  @Override
  public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    if (exception instanceof StreamsException || causedBy(exception, RegistryFaultException.class)) {
      return Response.fail();
    }
    DeadLetterReason reason = causedByOversizedOutput(exception) ? DeadLetterReason.UNPRODUCIBLE_OUTPUT
        : DeadLetterReason.INTERNAL_ERROR;
    String message = reason.message() + " (processor " + context.processorNodeId() + ": "
        + DeadLetterSink.describe(exception) + ")";
    return Response.resume(List.of(sink.deadLetter(context, reason, message, context.timestamp())));
  }

  private static boolean causedByOversizedOutput(Throwable e) {
    return causedBy(e, OutputTooLargeException.class);
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
