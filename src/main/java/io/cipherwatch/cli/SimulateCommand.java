package io.cipherwatch.cli;

import io.cipherwatch.simulate.EventTimeline;
import io.cipherwatch.simulate.FleetSimulator;
import io.cipherwatch.simulate.FleetSpec;
import io.cipherwatch.simulate.JsonlExport;
import io.cipherwatch.simulate.kafka.RealTimeSimulation;
import io.cipherwatch.simulate.kafka.SimulationPublisher;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code simulate}: publishes a simulated fleet to a Kafka cluster in real time (trunk metadata, then handshakes),
 * or writes it as JSONL files for {@code replay} with event time running over a chosen span.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Simulates a fleet of SIP trunks and their TLS handshakes.",
        "Kafka: publishes trunk metadata, then handshakes in real time (event time = now) at --rate,",
        "  Avro through the schema registry, with a progress line every few seconds.",
        "Files (--out): writes handshakes as JSONL for 'replay', event time spread over --span from --start."})
public final class SimulateCommand implements Callable<Integer> {
  static final long DEFAULT_FILE_COUNT = 100_000;
  static final double DEFAULT_RATE = 300;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...",
      description = "Kafka cluster (or bootstrap.servers in --config).")
  String bootstrapServers;

  @Option(names = "--schema-registry-url", paramLabel = "URL",
      description = "Schema registry (or schema.registry.url in --config).")
  String schemaRegistryUrl;

  @Mixin ConfigFileOption config;

  @Option(names = "--topic", defaultValue = "tls-handshakes", paramLabel = "TOPIC",
      description = "Handshakes topic (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(names = "--metadata-topic", defaultValue = "trunk-metadata", paramLabel = "TOPIC",
      description = "Trunk metadata topic (default: ${DEFAULT-VALUE}).")
  String metadataTopic;

  @Option(names = "--rate", paramLabel = "PER_SECOND",
      description = "Handshakes per second when publishing (default: 300).")
  Double rate;

  @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "Publish for this long (90s, 10m, PT90S).")
  Duration duration;

  @Option(names = "--count", paramLabel = "N",
      description = "Number of handshakes (publishing: stop after N; files: default 100000).")
  Long count;

  @Mixin FleetOptions fleet;

  @Option(names = "--out", paramLabel = "EVENTS.jsonl",
      description = "Write handshakes to this JSONL file instead of Kafka.")
  Path out;

  @Option(names = "--trunks-out", paramLabel = "TRUNKS.jsonl", description = "With --out: write trunk metadata here.")
  Path trunksOut;

  @Option(names = "--start", paramLabel = "INSTANT",
      description = "With --out: first event time, ISO-8601 (2026-03-02T08:00:00Z); default: now minus --span.")
  String start;

  @Option(names = "--span", defaultValue = "PT6H", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "Simulated span (default: ${DEFAULT-VALUE}): with --out the events spread over it; remediations"
          + " happen within it and failover schedules repeat with it.")
  Duration span;

  @Option(names = "--progress-every", defaultValue = "5s", converter = DurationConverter.class,
      paramLabel = "DURATION", description = "Progress line interval when publishing (default: ${DEFAULT-VALUE}).")
  Duration progressEvery;

  @Override
  public Integer call() {
    String problem = validate();
    if (problem != null) {
      System.err.println(problem);
      return 2;
    }
    return out != null ? writeFiles(System.out) : publish(System.out);
  }

  private String validate() {
    if (fleet.invalid() != null) {
      return fleet.invalid();
    }
    if (count != null && count < 1) {
      return "--count must be at least 1, got " + count;
    }
    if (rate != null && (!(rate > 0) || rate.isInfinite())) {
      return "--rate must be a positive number of handshakes per second, got " + rate;
    }
    if (config.unreadable() != null) {
      return config.unreadable();
    }
    if (out != null) {
      if (duration != null || rate != null) {
        return "--duration and --rate apply to publishing in real time; with --out, --count events spread over"
            + " --span set the density";
      }
      return null;
    }
    if (trunksOut != null) {
      return "--trunks-out needs --out (the events file); to Kafka the trunks go to --metadata-topic";
    }
    if (start != null) {
      return "--start applies to --out; publishing to Kafka uses the current time as event time";
    }
    if (duration != null && count != null) {
      return "Give either --duration or --count, not both";
    }
    return null;
  }

  /** Writes the JSONL files; event time runs over the span, paced by event time. */
  private int writeFiles(PrintStream o) {
    long n = count == null ? DEFAULT_FILE_COUNT : count;
    long spanMillis = span.toMillis();
    long startMillis;
    try {
      startMillis = start == null ? System.currentTimeMillis() - spanMillis : Instant.parse(start).toEpochMilli();
    } catch (DateTimeParseException e) {
      System.err.println("--start '" + start + "' is not an ISO-8601 instant (e.g. 2026-03-02T08:00:00Z)");
      return 2;
    }
    FleetSimulator sim = new FleetSimulator(spec(startMillis, spanMillis), fleet.seed);
    EventTimeline timeline = new EventTimeline(startMillis, spanMillis, n, sim::activity);
    long begin = System.nanoTime();
    try {
      if (trunksOut != null) {
        long t = JsonlExport.writeTrunks(sim, trunksOut);
        o.printf("simulate: wrote %,d trunks to %s%n", t, trunksOut);
      }
      long[] nextProgress = {begin + progressEvery.toNanos()};
      JsonlExport.Result r = JsonlExport.writeEvents(sim, timeline, n, out, (events, faults) -> {
        if (System.nanoTime() - nextProgress[0] >= 0) {
          o.printf("simulate: %,d of %,d handshakes written%n", events, n);
          nextProgress[0] += progressEvery.toNanos();
        }
      });
      o.printf("simulate: wrote %,d handshakes (%,d deliberately malformed) to %s, event time %s .. %s (%s)%n",
          r.events(), r.faults(), out, Instant.ofEpochMilli(r.firstEventMillis()),
          Instant.ofEpochMilli(r.lastEventMillis()),
          DurationConverter.format(Duration.ofNanos(System.nanoTime() - begin)));
      o.println("  replay them: java -jar cipherwatch.jar replay --events " + out
          + (trunksOut == null ? "" : " --trunks " + trunksOut) + " --out replay-out");
      return 0;
    } catch (IOException e) {
      System.err.println("Cannot write " + (e.getMessage() == null ? "the output files" : e.getMessage())
          + ": check the path and permissions.");
      return 1;
    }
  }

  /** Publishes trunk metadata, then handshakes in real time, with progress lines. */
  private int publish(PrintStream o) {
    Map<String, Object> cfg = new HashMap<>();
    if (config.file() != null) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(config.file())) {
        p.load(r);
      } catch (IOException | IllegalArgumentException e) {
        System.err.println("Cannot read configuration file " + config.file() + ": " + e.getMessage());
        return 2;
      }
      p.stringPropertyNames().forEach(k -> cfg.put(k.trim(), p.getProperty(k).trim()));
    }
    if (bootstrapServers != null) {
      cfg.put("bootstrap.servers", bootstrapServers);
    }
    if (schemaRegistryUrl != null) {
      cfg.put("schema.registry.url", schemaRegistryUrl);
    }
    for (String[] required : new String[][] {{"bootstrap.servers", "--bootstrap-servers"},
        {"schema.registry.url", "--schema-registry-url"}}) {
      if (cfg.get(required[0]) == null) {
        System.err.println("Missing " + required[1] + " (or " + required[0] + " in --config); or write files"
            + " with --out instead.");
        return 2;
      }
    }
    FleetSimulator sim = new FleetSimulator(spec(System.currentTimeMillis(), span.toMillis()), fleet.seed);
    double perSecond = rate == null ? DEFAULT_RATE : rate;
    SimulationPublisher publisher;
    try {
      SimulationPublisher.requireTopics(cfg, List.of(topic, metadataTopic));
      publisher = new SimulationPublisher(cfg, topic, metadataTopic);
    } catch (RuntimeException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    long begin = System.nanoTime();
    RealTimeSimulation run = new RealTimeSimulation(sim, publisher, perSecond,
        count == null ? Long.MAX_VALUE : count, duration == null ? 0 : duration.toMillis(), 0);
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      run.stop();
      try {
        closed.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "cipherwatch-simulate-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      publisher.publishTrunks(sim.trunks());
      o.printf("simulate: published %,d trunks to %s; publishing handshakes to %s at %,.0f/s%s%n", fleet.trunks,
          metadataTopic, topic, perSecond, duration != null ? " for " + DurationConverter.format(duration)
              : count != null ? String.format(" until %,d are sent", count) : " until Ctrl-C");
      Thread worker = new Thread(run, "cipherwatch-simulator");
      worker.start();
      long last = 0;
      long lastAt = System.nanoTime();
      while (!run.awaitFinished(progressEvery.toNanos(), TimeUnit.NANOSECONDS)) {
        long now = System.nanoTime();
        long sent = publisher.sent();
        o.printf("simulate: %,d sent (%,.0f/s), %,d malformed, %,d errors%n", sent,
            (sent - last) * 1e9 / Math.max(1, now - lastAt), publisher.faults(), publisher.errors());
        last = sent;
        lastAt = now;
      }
      worker.join();
      publisher.close(Duration.ofSeconds(30));
      if (run.failure() != null) {
        System.err.println("Publishing stopped: " + run.failure().getMessage());
        return 1;
      }
    } catch (RuntimeException e) {
      System.err.println(e.getMessage());
      publisher.close(Duration.ofSeconds(5));
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      run.stop();
      publisher.close(Duration.ofSeconds(5));
      return 1;
    } finally {
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // stopped by a signal: the hook is running
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - begin);
    o.printf("simulate: published %,d trunks to %s and %,d handshakes to %s in %s (%,.0f/s): %,d deliberately"
        + " malformed, %,d send errors%n", fleet.trunks, metadataTopic, publisher.sent(), topic,
        DurationConverter.format(took), publisher.sent() * 1e9 / Math.max(1, took.toNanos()), publisher.faults(),
        publisher.errors());
    if (publisher.errors() > 0) {
      System.err.println("Some records were not acknowledged; last error: " + publisher.lastError());
      return 1;
    }
    return 0;
  }

  private FleetSpec spec(long startMillis, long spanMillis) {
    return fleet.spec(startMillis, spanMillis);
  }
}
