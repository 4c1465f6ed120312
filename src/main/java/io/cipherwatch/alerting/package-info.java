/**
 * The alert state machine: per (trunk, direction) open, keep-alive, resolve and regression stretches of the four
 * alert types, its compact state codec and the remedy messages. Plain Java, no Kafka; may depend on {@code policy}
 * and {@code codec} only.
 */
package io.cipherwatch.alerting;
