/**
 * The end-to-end benchmark behind {@code cipherwatch bench}: an in-process broker, the simulator's workload and
 * one class per phase with a typed result (warm-up, input, plain-consumer baseline, the application under
 * exactly-once and at-least-once, the DSL peer, the output floor, alert latency at a steady rate), run in order by
 * {@link io.cipherwatch.bench.Bench}; {@link io.cipherwatch.bench.ScalingBench} for {@code bench --scaling}.
 * Depends on the application, the embedded broker, the simulator and the serdes; nothing depends on it but the CLI.
 */
package io.cipherwatch.bench;
