/**
 * The Kafka Streams topology, built by a pure function from a configuration object: intake (decode, bound,
 * validate, park while the registry is down), the window-and-alert processor, the fleet roll-up, readiness state,
 * error handlers, store names and key layouts. Only wiring and state: the knowledge lives in the domain packages
 * it may depend on ({@code catalog}, {@code codec}, {@code policy}, {@code alerting}, {@code records},
 * {@code readiness}), plus {@code serde} and {@code config}.
 */
package io.cipherwatch.topology;
