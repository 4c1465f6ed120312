/**
 * The Kafka sink of {@code capture}: Avro HandshakeEvents keyed by trunkId on the input topic (idempotent,
 * acks=all). May depend on {@code capture} and {@code serde}.
 */
package io.cipherwatch.capture.kafka;
