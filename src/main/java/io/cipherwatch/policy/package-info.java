/**
 * The deprecation policy and the rules for one handshake: deprecated and supported sets, classification,
 * validation, input bounds and every dead-letter reason ({@link io.cipherwatch.policy.DeadLetterReason}). No
 * Kafka; may depend on {@code catalog} (and the Avro policy record).
 */
package io.cipherwatch.policy;
