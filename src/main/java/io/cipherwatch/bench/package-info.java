/**
 * The end-to-end benchmark behind {@code cipherwatch bench}: an in-process broker, the simulator's workload and
 * one class per phase with a typed result (warm-up, input, plain-consumer baseline, the application under
 * exactly-once and at-least-once, the DSL peer, the output floor, Kafka Streams alone with the same reads and
 * writes, alert latency at a steady rate), run in order by {@link io.cipherwatch.bench.Bench};
 * {@link io.cipherwatch.bench.ScalingBench} for {@code bench --scaling}.
 * Depends on the application, the embedded broker, the simulator and the serdes; nothing depends on it but the CLI.
 *
 * <p>May depend on {@code app}, {@code config}, {@code embedded}, {@code serde}, {@code simulate},
 * {@code topology} and {@code metrics} (never on {@code cli}).
 */
package io.cipherwatch.bench;
