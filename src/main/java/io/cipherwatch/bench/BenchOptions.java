package io.cipherwatch.bench;

/**
 * What {@link Bench} runs.
 *
 * @param events handshake records pre-produced for the throughput phases (baseline, exactly-once, at-least-once)
 * @param warmupEvents handshake records of the warm-up pass run before them (JIT compilation), 0 for none
 * @param trunks simulated trunks (both directions each)
 * @param partitions partitions of the input topic
 * @param latencySeconds how long the steady-rate latency phase sends events
 * @param streamThreads {@code num.stream.threads} of the measured instances (production default 1)
 * @param seed simulator seed (same seed, same records)
 * @param settings extra configuration of the measured instances (any cipherwatch or Kafka key), for experiments;
 *     empty for the production defaults
 * @param dsl whether to run the Kafka Streams DSL peer on the same input
 */
public record BenchOptions(long events, long warmupEvents, int trunks, int partitions, int latencySeconds,
    int streamThreads, long seed, java.util.Map<String, String> settings, boolean dsl) {

  /** Checks the values; every message names the option and its allowed range. */
  public BenchOptions {
    if (events < 1) {
      throw new IllegalArgumentException("--events must be at least 1, got " + events);
    }
    if (warmupEvents < 0) {
      throw new IllegalArgumentException("--warmup-events must be 0 or more, got " + warmupEvents);
    }
    if (trunks < 1) {
      throw new IllegalArgumentException("--trunks must be at least 1, got " + trunks);
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("--partitions must be at least 1, got " + partitions);
    }
    if (latencySeconds < 1) {
      throw new IllegalArgumentException("--latency-seconds must be at least 1, got " + latencySeconds);
    }
    settings = java.util.Map.copyOf(settings);
    if (streamThreads < 1) {
      throw new IllegalArgumentException("--stream-threads must be at least 1, got " + streamThreads);
    }
  }
}
