/**
 * The end-to-end benchmark behind {@code cipherwatch bench}: an in-process broker, the simulator's workload,
 * a plain-consumer baseline, the application under exactly-once and at-least-once, and alert latency at a
 * steady rate. See {@link io.cipherwatch.bench.Bench}.
 */
package io.cipherwatch.bench;
