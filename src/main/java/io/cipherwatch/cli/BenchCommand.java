package io.cipherwatch.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.cipherwatch.bench.Bench;
import io.cipherwatch.bench.BenchFailedException;
import io.cipherwatch.bench.BenchOptions;
import io.cipherwatch.bench.BenchResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** {@code bench}: the end-to-end benchmark on an in-process broker (see {@link Bench}). */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Benchmarks cipherwatch on an in-process Kafka broker: a plain-consumer baseline, the",
        "topology with exactly-once and at-least-once, and alert latency at half the exactly-once rate.",
        "Run with the heap you mean to deploy with, e.g. java -Xmx1g -jar cipherwatch.jar bench."})
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--events", defaultValue = "1000000", description = "Handshakes to pre-produce (default ${DEFAULT-VALUE}).")
  long events;

  @Option(names = "--warmup-events", defaultValue = "200000",
      description = "Handshakes of a warm-up pass (consumer and topology, on their own topic) run before the"
          + " measured phases, so that they measure compiled code, not the JIT (default ${DEFAULT-VALUE}; 0: none).")
  long warmupEvents;

  @Option(names = "--trunks", defaultValue = "50000", description = "Simulated trunks (default ${DEFAULT-VALUE}).")
  int trunks;

  @Option(names = "--partitions", defaultValue = "4", description = "Input topic partitions (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--latency-seconds", defaultValue = "20",
      description = "Duration of the steady-rate latency phase (default ${DEFAULT-VALUE}).")
  int latencySeconds;

  @Option(names = "--stream-threads", defaultValue = "1",
      description = "num.stream.threads of the measured instances (default ${DEFAULT-VALUE}, as in production).")
  int streamThreads;

  @Option(names = "--seed", defaultValue = "42", description = "Simulator seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Extra setting of the measured instances (repeatable), e.g. --set producer.batch.size=262144;"
          + " the defaults are production's.")
  Map<String, String> settings = new LinkedHashMap<>();

  @Option(names = "--no-dsl",
      description = "Skip the Kafka Streams DSL version of the job (run by default on the same input).")
  boolean noDsl;

  @Option(names = "--out", paramLabel = "results.json", description = "Write the figures as JSON here.")
  Path out;

  /** Unless --verbose raised them, Kafka's start-up warnings (temp state.dir, topic not yet known) go. */
  private static void quietKafka() {
    Logger kafka = (Logger) LoggerFactory.getLogger("org.apache.kafka");
    if (kafka.getLevel() == null || kafka.getLevel().isGreaterOrEqual(Level.WARN)) {
      kafka.setLevel(Level.ERROR);
    }
  }

  @Override
  public Integer call() throws Exception {
    BenchOptions options;
    try {
      options = new BenchOptions(events, warmupEvents, trunks, partitions, latencySeconds, streamThreads, seed,
          settings, !noDsl);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    quietKafka();
    BenchResult r;
    try {
      r = new Bench(options, System.err).run();
    } catch (BenchFailedException e) {
      // no figures: a failed phase would make them wrong
      System.err.println(e.getMessage());
      return 1;
    }
    System.out.println();
    System.out.print(r.table());
    if (out != null) {
      r.writeJson(out);
      System.out.println("\nwrote " + out);
    }
    return 0;
  }
}
