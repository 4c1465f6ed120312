/**
 * Health flags shared between the stream threads and the HTTP endpoints ({@code /ready}, {@code /health}): plain
 * thread-safe state, no Kafka and no HTTP. May depend on nothing else in cipherwatch.
 */
package io.cipherwatch.health;
