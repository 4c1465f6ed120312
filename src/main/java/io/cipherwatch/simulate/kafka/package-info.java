/**
 * Publishing the simulated fleet to Kafka: real-time pacing, metadata, ticks. May depend on {@code simulate},
 * {@code serde} and {@code topology} (the tick header).
 */
package io.cipherwatch.simulate.kafka;
