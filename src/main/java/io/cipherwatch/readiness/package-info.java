/**
 * Removal readiness: offer signatures per (trunk, direction) by UTC day, the impact of removing a candidate suite
 * set, verdicts, and the Theil-Sen forecast of when removal is safe. No Kafka; both the topology and the offline
 * {@code readiness} command call it. May depend on {@code catalog} and {@code config}.
 */
package io.cipherwatch.readiness;
