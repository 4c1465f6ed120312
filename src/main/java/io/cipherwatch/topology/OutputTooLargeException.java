package io.cipherwatch.topology;

import org.apache.kafka.common.errors.SerializationException;

/**
 * An output or store record whose serialized value is larger than the producer can send. Thrown by the
 * serializer, before the record reaches the producer, so an exactly-once transaction is not put in an error
 * state; the error handlers turn it into an {@code UNPRODUCIBLE_OUTPUT} dead letter of the input record.
 */
final class OutputTooLargeException extends SerializationException {
  private static final long serialVersionUID = 1L;

  OutputTooLargeException(String topic, int size, int limit) {
    super("A " + size + "-byte record for topic " + topic + " exceeds the " + limit + " bytes the producer can"
        + " send (max.request.size less room for key and headers)");
  }
}
