package io.cipherwatch.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.cipherwatch.bench.Bench;
import io.cipherwatch.bench.BenchFailedException;
import io.cipherwatch.bench.BenchOptions;
import io.cipherwatch.bench.BenchResult;
import io.cipherwatch.bench.ScalingBench;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** {@code bench}: the end-to-end benchmark on an in-process broker (see {@link Bench}). */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Benchmarks cipherwatch on an in-process Kafka broker: a plain-consumer baseline, the",
        "topology with exactly-once and at-least-once, and alert latency at half the exactly-once rate.",
        "Run with the heap you mean to deploy with, e.g. java -Xmx1g -jar cipherwatch.jar bench.",
        "bench capture: the packet-capture reader against tshark on a generated capture."},
    subcommands = CaptureBenchCommand.class)
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

  @Option(names = "--latency-seconds", defaultValue = "30",
      description = "Duration of the steady-rate latency phase; its first third (at most 10 s) is not measured"
          + " (default ${DEFAULT-VALUE}).")
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

  @Option(names = "--scaling",
      description = "Instead of the phases above: the exactly-once topology with 1 and 2 stream threads and as 2"
          + " instances in separate JVMs, for each --scaling-trunks count (--events each).")
  boolean scaling;

  @Option(names = "--scaling-trunks", split = ",", defaultValue = "10000,50000,200000", paramLabel = "N,N,...",
      description = "Trunk counts of --scaling (default: ${DEFAULT-VALUE}).")
  List<Integer> scalingTrunks;

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
    if (scaling) {
      return scaling(options);
    }
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

  private int scaling(BenchOptions options) throws java.io.IOException {
    for (int t : scalingTrunks) {
      if (t < 1) {
        System.err.println("--scaling-trunks must be positive counts, got " + scalingTrunks);
        return 2;
      }
    }
    List<ScalingBench.Row> rows;
    try {
      rows = new ScalingBench(options, scalingTrunks, System.err).run();
    } catch (BenchFailedException e) {
      System.err.println(e.getMessage());
      return 1;
    }
    System.out.println();
    System.out.printf("%,d events per configuration, %d partitions, %d cores%n%n", options.events(),
        options.partitions(), Runtime.getRuntime().availableProcessors());
    System.out.print(ScalingBench.table(rows));
    if (out != null) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("events", options.events());
      json.put("partitions", options.partitions());
      json.put("cores", Runtime.getRuntime().availableProcessors());
      json.put("loadAverage", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
          .getSystemLoadAverage());
      json.put("rows", ScalingBench.json(rows));
      new com.fasterxml.jackson.databind.ObjectMapper()
          .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), json);
      System.out.println("\nwrote " + out);
    }
    return 0;
  }
}
