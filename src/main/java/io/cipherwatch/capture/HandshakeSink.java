package io.cipherwatch.capture;

import io.cipherwatch.avro.HandshakeEvent;

/** Where captured handshakes go (a JSONL file, a Kafka topic). Failures are unchecked. */
public interface HandshakeSink extends AutoCloseable {
  void accept(HandshakeEvent event);

  /** Flushes and releases; throws (unchecked) when events could not be delivered. */
  @Override
  void close();
}
