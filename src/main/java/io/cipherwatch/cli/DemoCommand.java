package io.cipherwatch.cli;

import io.cipherwatch.app.CipherwatchApp;
import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.DeadLetter;
import io.cipherwatch.avro.DeprecationAlert;
import io.cipherwatch.avro.FleetUsage;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.TrunkMetadata;
import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.config.Setting;
import io.cipherwatch.config.Settings;
import io.cipherwatch.embedded.EmbeddedKafka;
import io.cipherwatch.serde.MockSchemaRegistry;
import io.cipherwatch.simulate.FleetSimulator;
import io.cipherwatch.simulate.FleetSpec;
import io.cipherwatch.simulate.kafka.RealTimeSimulation;
import io.cipherwatch.simulate.kafka.SimulationPublisher;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code demo}: everything in one process with no configuration: an embedded KRaft broker, the in-memory schema
 * registry, a simulated fleet publishing handshakes in real time, the processor (exactly-once) with its HTTP
 * endpoints, and a live console summary. Short windows make shares and alerts appear within a minute.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Runs cipherwatch end to end in one process: embedded Kafka broker, in-memory schema registry,",
        "a simulated fleet of SIP trunks publishing TLS handshakes in real time, the processor and its HTTP",
        "endpoints, with a live summary on the console. Stop with Ctrl-C (or --duration)."})
public final class DemoCommand implements Callable<Integer> {
  /** Registry scope of the demo: {@code schema.registry.url=mock://demo}. */
  static final String REGISTRY_SCOPE = "demo";
  private static final int PARTITIONS = 4;
  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final Duration ADVANCE = Duration.ofSeconds(10);
  private static final Duration GRACE = Duration.ofSeconds(5);
  private static final Duration RESOLVE_AFTER = Duration.ofMinutes(2);
  private static final Duration CLEAN_PERIOD = Duration.ofMinutes(2);
  private static final Duration TICK_EVERY = Duration.ofSeconds(1);
  /** Simulated span: remediations happen within it, failover schedules repeat with it. */
  private static final Duration SIMULATED_SPAN = Duration.ofMinutes(30);
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

  @Mixin FleetOptions fleet;

  @Option(names = "--rate", defaultValue = "300", paramLabel = "PER_SECOND",
      description = "Handshakes published per second (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--http-port", defaultValue = "8080", paramLabel = "PORT",
      description = "Port of the API, /api (default: ${DEFAULT-VALUE}; 0 = any free port).")
  int httpPort;

  @Option(names = "--management-port", defaultValue = "8081", paramLabel = "PORT",
      description = "Port of /health, /ready and /metrics (default: ${DEFAULT-VALUE}; 0 = any free port).")
  int managementPort;

  @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "Stop once the processor has run this long (90s, 10m, PT90S); default: until Ctrl-C.")
  Duration duration;

  @Option(names = "--summary-every", defaultValue = "5s", converter = DurationConverter.class,
      paramLabel = "DURATION", description = "Console summary interval (default: ${DEFAULT-VALUE}).")
  Duration summaryEvery;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Keep the broker's data and the processor's state in DIR across runs (default: a temporary"
          + " directory, deleted at exit).")
  Path dataDir;


  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile boolean failed;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    String problem = validate();
    if (problem != null) {
      System.err.println(problem);
      return 2;
    }
    quietStartupWarnings();
    String bind = Settings.HTTP_BIND.defaultValue();
    if (httpPort != 0 && !portFree(bind, httpPort)) {
      System.err.println(portTaken(httpPort, "--http-port"));
      return 2;
    }
    if (managementPort != 0 && !portFree(Settings.MANAGEMENT_BIND.defaultValue(), managementPort)) {
      System.err.println(portTaken(managementPort, "--management-port"));
      return 2;
    }
    Thread hook = new Thread(this::onSignal, "cipherwatch-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    DemoResources r = new DemoResources();
    int rc;
    try {
      rc = run(r, out);
    } catch (RuntimeException e) {
      System.err.println("The demo failed: " + e);
      rc = 1;
    } finally {
      r.close(out);
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting because of a signal: the hook is running and waits for 'closed'
      }
    }
    return rc;
  }

  private String validate() {
    if (fleet.invalid() != null) {
      return fleet.invalid();
    }
    if (!(rate > 0) || Double.isInfinite(rate)) {
      return "--rate must be a positive number of handshakes per second, got " + rate;
    }
    if (httpPort < 0 || httpPort > 65_535) {
      return "--http-port must be between 0 and 65535, got " + httpPort;
    }
    if (managementPort < 0 || managementPort > 65_535) {
      return "--management-port must be between 0 and 65535, got " + managementPort;
    }
    if (managementPort != 0 && managementPort == httpPort) {
      return "--management-port must differ from --http-port (" + httpPort + ")";
    }
    if (dataDir != null && Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
      return "--data-dir " + dataDir + " is a file: pass a directory (created if missing)";
    }
    return null;
  }

  /** Starts everything, prints summaries until stopped; returns the exit code. */
  private int run(DemoResources r, PrintStream out) {
    FleetSpec spec = fleet.spec(System.currentTimeMillis(), SIMULATED_SPAN.toMillis());
    FleetSimulator sim = new FleetSimulator(spec, fleet.seed);
    out.printf("cipherwatch demo: %,d trunks of %,d organizations, %,.0f handshakes/s, seed %d, faults %s%n",
        spec.trunks(), spec.organizations(), rate, fleet.seed, fleet.noFaults ? "off" : "on");
    CipherwatchConfig cfg;
    try {
      r.broker = dataDir == null ? EmbeddedKafka.start() : EmbeddedKafka.start(dataDir.resolve("kafka"));
      if (stopRequested.getCount() == 0) {
        return 0;
      }
      Path stateDir;
      if (dataDir == null) {
        stateDir = Files.createTempDirectory("cipherwatch-demo-state-");
        r.tempStateDir = stateDir;
      } else {
        stateDir = Files.createDirectories(dataDir.resolve("state"));
      }
      cfg = CipherwatchConfig.of(settings(r.broker.bootstrapServers(), stateDir));
      registerSchemas(cfg);
      createTopics(r.broker, cfg);
      r.publisher = new SimulationPublisher(Map.of("bootstrap.servers", r.broker.bootstrapServers(),
          "schema.registry.url", "mock://" + REGISTRY_SCOPE), cfg.raw(Settings.TOPIC_INPUT),
          cfg.raw(Settings.TOPIC_METADATA));
      r.publisher.publishTrunks(sim.trunks());
    } catch (RuntimeException e) {
      System.err.println("Cannot start the demo: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      System.err.println("Cannot create the state directory: " + e.getMessage());
      return 2;
    }
    out.println("  broker    " + r.broker.bootstrapServers() + " (embedded KRaft, data in "
        + (dataDir == null ? "a temporary directory" : dataDir.toAbsolutePath()) + ")");
    out.println("  registry  mock://" + REGISTRY_SCOPE + " (in-memory)");
    out.println("  windows   " + DurationConverter.format(WINDOW) + " advancing every "
        + DurationConverter.format(ADVANCE) + ", grace " + DurationConverter.format(GRACE)
        + "; alerts resolve after " + DurationConverter.format(RESOLVE_AFTER) + " without evidence");

    // Traffic flows while the processor starts: it catches up from the beginning of the topic.
    r.simulation = new RealTimeSimulation(sim, r.publisher, rate, Long.MAX_VALUE, 0, TICK_EVERY.toMillis());
    r.simulationThread = new Thread(r.simulation, "cipherwatch-simulator");
    r.simulationThread.setDaemon(true);
    r.simulationThread.start();

    CountDownLatch running = new CountDownLatch(1);
    r.app = new CipherwatchApp(cfg);
    r.app.addStateListener((now, before) -> {
      if (now == KafkaStreams.State.RUNNING) {
        running.countDown();
      } else if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.PENDING_ERROR) {
        failed = true;
        stopRequested.countDown();
      }
    });
    try {
      r.app.start();
    } catch (RuntimeException e) {
      if (causedBy(e, BindException.class)) {
        System.err.println("A port is already in use: pick others with --http-port and --management-port"
            + " (0 = any free port).");
      } else {
        System.err.println("Cannot start the processor: " + e.getMessage());
      }
      return 2;
    }
    String baseUrl = "http://localhost:" + r.app.httpPort();
    String managementUrl = "http://localhost:" + r.app.managementPort();
    out.println("  management " + managementUrl + "/metrics   health " + managementUrl + "/health  " + managementUrl
        + "/ready");
    out.println("  API        " + baseUrl + "/api/fleet  " + baseUrl + "/api/alerts  " + baseUrl
        + "/api/trunks/{id}");
    out.println("A summary every " + DurationConverter.format(summaryEvery) + " once the processor runs; "
        + (duration == null ? "stop with Ctrl-C." : "it stops " + DurationConverter.format(duration)
        + " after that (or on Ctrl-C)."));
    out.println();
    out.flush();

    if (!await(running, START_TIMEOUT)) {
      if (failed) {
        System.err.println("The processor failed to start: see the log above.");
        return 1;
      }
      if (stopRequested.getCount() == 0) {
        return 0;
      }
      System.err.println("The processor did not reach RUNNING within " + DurationConverter.format(START_TIMEOUT)
          + " (state " + r.app.streams().state() + "): see the log above.");
      return 1;
    }
    summaries(r, baseUrl, managementUrl, out);
    if (failed) {
      System.err.println("The processor stopped with an error (state " + r.app.streams().state()
          + "): see the log above.");
      return 1;
    }
    return 0;
  }

  /**
   * Prints a summary every {@code --summary-every} until a stop is requested, or until {@code --duration} has
   * passed (then with a last summary).
   */
  private void summaries(DemoResources r, String baseUrl, String managementUrl, PrintStream out) {
    boolean terminal = System.console() != null;
    ZoneId zone = ZoneId.systemDefault();
    long every = summaryEvery.toNanos();
    long begin = System.nanoTime();
    long deadline = duration == null ? Long.MAX_VALUE : begin + duration.toNanos();
    long lastProcessed = DemoConsole.handshakesTotal(r.app.registry());
    long lastAt = begin;
    long nextSummary = begin + every;
    boolean simulatorFailureShown = false;
    while (true) {
      long wait = Math.min(nextSummary, deadline) - System.nanoTime();
      if (wait > 0 && await(stopRequested, Duration.ofNanos(wait))) {
        return;
      }
      long now = System.nanoTime();
      long processed = DemoConsole.handshakesTotal(r.app.registry());
      double perSecond = (processed - lastProcessed) * 1e9 / Math.max(1, now - lastAt);
      lastProcessed = processed;
      lastAt = now;
      DemoConsole.Snapshot s = DemoConsole.collect(r.app.streams(), WINDOW.toMillis(), Instant.now(),
          Duration.ofNanos(now - r.started), r.publisher.sent(), r.publisher.errors(), processed, perSecond,
          DemoConsole.deadLettersTotal(r.app.registry()));
      if (r.simulation.failure() != null && !simulatorFailureShown) {
        System.err.println("The simulator stopped: " + r.simulation.failure().getMessage());
        simulatorFailureShown = true;
      }
      String block = DemoConsole.render(s, baseUrl, managementUrl, zone);
      out.print(terminal ? "\033[H\033[2J" + block : block + "\n");
      out.flush();
      if (deadline != Long.MAX_VALUE && now - deadline >= 0) {
        return;
      }
      nextSummary = Math.max(nextSummary + every, System.nanoTime() + every / 2);
    }
  }

  /** The demo's configuration: short windows, topics created on the embedded broker, exactly-once. */
  private Map<String, String> settings(String bootstrap, Path stateDir) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("bootstrap.servers", bootstrap);
    m.put("schema.registry.url", "mock://" + REGISTRY_SCOPE);
    m.put("application.id", "cipherwatch-demo");
    m.put("processing.guarantee", "exactly_once_v2");
    m.put("state.dir", stateDir.toString());
    // after a demo killed without clean shutdown, a restart with --data-dir gets its partitions back sooner
    m.put("session.timeout.ms", "10000");
    m.put(Settings.TOPICS_CREATE.key(), "true");
    m.put(Settings.TOPICS_PARTITIONS.key(), Integer.toString(PARTITIONS));
    m.put(Settings.TOPICS_REPLICATION.key(), "1");
    m.put(Settings.WINDOW_SIZE.key(), WINDOW.toString());
    m.put(Settings.WINDOW_ADVANCE.key(), ADVANCE.toString());
    m.put(Settings.WINDOW_GRACE.key(), GRACE.toString());
    m.put(Settings.ALERTS_RESOLVE_AFTER.key(), RESOLVE_AFTER.toString());
    m.put(Settings.ALERTS_CLEAN_PERIOD.key(), CLEAN_PERIOD.toString());
    m.put(Settings.HTTP_PORT.key(), Integer.toString(httpPort));
    m.put(Settings.MANAGEMENT_PORT.key(), Integer.toString(managementPort));
    return m;
  }

  /** Creates the topics and waits for their leaders, so nothing publishes into a topic that is still electing. */
  private static void createTopics(EmbeddedKafka broker, CipherwatchConfig cfg) {
    broker.createTopics(PARTITIONS, cfg.raw(Settings.TOPIC_INPUT), cfg.raw(Settings.TOPIC_USAGE),
        cfg.raw(Settings.TOPIC_FLEET), cfg.raw(Settings.TOPIC_ALERTS), cfg.raw(Settings.TOPIC_DLQ));
    broker.createTopic(cfg.raw(Settings.TOPIC_METADATA), PARTITIONS, Map.of("cleanup.policy", "compact"));
    broker.createTopic(cfg.raw(Settings.TOPIC_POLICY), 1, Map.of("cleanup.policy", "compact"));
    broker.createTopic(cfg.raw(Settings.TOPIC_PROBES), 1, Map.of("cleanup.policy", "compact"));
    broker.createTopic(cfg.raw(Settings.TOPIC_READINESS), PARTITIONS, Map.of("cleanup.policy", "compact"));
  }

  /**
   * Registers the six Avro schemas in a fixed order before any client does, so the in-memory registry gives them
   * the same ids in every run: records kept in {@code --data-dir} stay readable by the next run.
   */
  private static void registerSchemas(CipherwatchConfig cfg) {
    MockSchemaRegistry registry = MockSchemaRegistry.scope(REGISTRY_SCOPE);
    Map<Setting, Schema> order = new LinkedHashMap<>();
    order.put(Settings.TOPIC_INPUT, HandshakeEvent.getClassSchema());
    order.put(Settings.TOPIC_METADATA, TrunkMetadata.getClassSchema());
    order.put(Settings.TOPIC_USAGE, CipherUsage.getClassSchema());
    order.put(Settings.TOPIC_FLEET, FleetUsage.getClassSchema());
    order.put(Settings.TOPIC_ALERTS, DeprecationAlert.getClassSchema());
    order.put(Settings.TOPIC_DLQ, DeadLetter.getClassSchema());
    order.forEach((topic, schema) -> registry.register(cfg.raw(topic) + "-value", schema));
  }

  /**
   * The demo's state lives in a temporary directory on purpose, and its internal topics appear while it starts:
   * Kafka's warnings about both are expected here and would only distract a first-time user.
   */
  private static void quietStartupWarnings() {
    for (String name : new String[] {"org.apache.kafka.streams.processor.internals.StateDirectory",
        "org.apache.kafka.clients.NetworkClient"}) {
      ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(name))
          .setLevel(ch.qos.logback.classic.Level.ERROR);
    }
  }

  private static boolean portFree(String bind, int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(bind), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String portTaken(int port, String option) {
    return "Port " + port + " is already in use: stop what listens on it, or pick another with " + option
        + " (0 = any free port).";
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean await(CountDownLatch latch, Duration d) {
    try {
      return latch.await(d.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /** Ctrl-C / SIGTERM: ask the main loop to stop and wait until it has shut everything down. */
  private void onSignal() {
    stopRequested.countDown();
    await(closed, Duration.ofSeconds(90));
  }
}
