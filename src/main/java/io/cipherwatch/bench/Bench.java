package io.cipherwatch.bench;

import io.cipherwatch.config.Settings;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The end-to-end benchmark, in one process on an in-process broker, as a sequence of phases with typed results:
 *
 * <ol>
 *   <li>{@link WarmupPhase} (unless {@code warmupEvents} is 0): the consumer and the exactly-once topology over a
 *       separate, smaller input, unmeasured, so that the measured phases run compiled code;
 *   <li>{@link InputPhase}: the simulator's trunk metadata, then {@code events} handshakes spread over 6 h of
 *       event time (the simulator's realistic mix, with its small share of malformed records);
 *   <li>{@link BaselinePhase}: a plain consumer reads and deserializes every record (median of three passes);
 *   <li>{@link TopologyPhase}: the cipherwatch application with production defaults (exactly-once v2, then a
 *       full restore), then the same with at-least-once, then exactly-once with
 *       {@code cipherwatch.usage.emit=on-change};
 *   <li>{@link UsageRowsPhase}: the usage rows the two exactly-once instances committed, every-window and
 *       on-change;
 *   <li>{@link DslPhase}: the Kafka Streams DSL version of the same job, exactly-once, on the same input;
 *   <li>{@link FloorPhase}: a bare transactional producer writes as many records, of the same sizes, as the
 *       at-least-once instance wrote; baseline + this is what reading and writing alone cost;
 *   <li>{@link FrameworkPhase}: Kafka Streams alone reads the same input and writes the same volume with no work of
 *       the job's, exactly-once and at-least-once: what the framework allows on this machine;
 *   <li>{@link LatencyPhase}: a fresh exactly-once instance fed at half the exactly-once rate.
 * </ol>
 *
 * A phase that fails stops the run with a {@link BenchFailedException} naming it. The registry is
 * {@code mock://bench}.
 */
public final class Bench {
  private final BenchOptions o;
  private final PrintStream log;
  private final String runId = UUID.randomUUID().toString().substring(0, 8);

  /** A bench with these options, printing progress to {@code log}. */
  public Bench(BenchOptions options, PrintStream log) {
    this.o = options;
    this.log = log;
  }

  /** A phase's work; its exception fails the run. */
  @FunctionalInterface
  interface PhaseBody<T> {
    T run() throws Exception;
  }

  /** Runs one phase; any exception becomes a {@link BenchFailedException} naming the phase. */
  static <T> T phase(String name, PhaseBody<T> body) {
    try {
      return body.run();
    } catch (BenchFailedException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchFailedException(name, e);
    } catch (Exception | Error e) {
      throw new BenchFailedException(name, e);
    }
  }

  /**
   * Runs every phase and returns the figures (see {@link BenchResult} for the keys).
   *
   * @throws BenchFailedException when a phase fails
   */
  public BenchResult run() {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("events", o.events());
    result.put("trunks", o.trunks());
    result.put("partitions", o.partitions());
    try (BenchContext c = phase("start", () -> BenchContext.start(o, log, runId))) {
      InputPhase input = new InputPhase(c);
      BaselinePhase baselinePhase = new BaselinePhase(c);
      if (o.warmupEvents() > 0) {
        phase("warmup", () -> new WarmupPhase(c, input, baselinePhase).run(o.warmupEvents()));
        result.put("warmupEvents", o.warmupEvents());
      }
      InputPhase.Produced in = phase("produce",
          () -> input.produce("bench-" + runId + "-tls-handshakes", o.events(), "produce"));
      in.report(result);
      BaselinePhase.Result baseline = phase("baseline", () -> baselinePhase.run(in));
      baseline.report(result);
      TopologyPhase topology = new TopologyPhase(c);
      TopologyPhase.Result eos = phase("eos", () -> topology.run("eos", TopologyPhase.EOS, in));
      eos.report(result);
      TopologyPhase.Result alos = phase("alos", () -> topology.run("alos", TopologyPhase.ALOS, in));
      alos.report(result);
      result.put("alosCommitIntervalMs", TopologyPhase.ALOS_COMMIT_INTERVAL_MS);
      // without transaction markers, end offsets count the records written
      alos.outputRecords().forEach((k, v) -> result.put(k + "Records", v));
      TopologyPhase.Result onChange = phase("eosOnChange", () -> topology.run("eosOnChange", TopologyPhase.EOS, in,
          Map.of(Settings.USAGE_EMIT.key(), "on-change")));
      onChange.report(result);
      result.put("eosOnChangeRatio", onChange.eventsPerSec() / eos.eventsPerSec());
      phase("usageRows", () -> new UsageRowsPhase(c).run(eos.usageTopic(), onChange.usageTopic())).report(result);
      if (o.dsl()) {
        DslPhase.Result dsl = phase("dsl", () -> new DslPhase(c).run(in));
        dsl.report(result);
        result.put("dslRatio", eos.eventsPerSec() / dsl.eventsPerSec());
      }
      OutputVolume written = phase("floor", () -> OutputVolume.of(c, alos.written()));
      FloorPhase.Result floor = phase("floor",
          () -> new FloorPhase(c).run(written, o.events(), baseline.eventsPerSec()));
      floor.report(result);
      FrameworkPhase.Result framework = phase("framework", () -> new FrameworkPhase(c).run(in, written));
      framework.report(result);
      result.put("eosFrameworkRatio", eos.eventsPerSec() / framework.eosEventsPerSec());
      result.put("alosFrameworkRatio", alos.eventsPerSec() / framework.alosEventsPerSec());
      result.put("frameworkFloorRatio", framework.eosEventsPerSec() / floor.eventsPerSec());
      result.put("eosRatio", eos.eventsPerSec() / baseline.eventsPerSec());
      result.put("alosRatio", alos.eventsPerSec() / baseline.eventsPerSec());
      result.put("floorRatio", floor.eventsPerSec() / baseline.eventsPerSec());
      result.put("eosFloorRatio", eos.eventsPerSec() / floor.eventsPerSec());
      result.put("alosFloorRatio", alos.eventsPerSec() / floor.eventsPerSec());
      LatencyPhase.Result latency = phase("latency",
          () -> new LatencyPhase(c).run(Math.max(1, eos.eventsPerSec() / 2)));
      latency.report(result);
      peaks(c, result);
      result.put("phases", c.phases);
      result.put("machine", machine(c));
      return new BenchResult(result);
    }
  }

  private static void peaks(BenchContext c, Map<String, Object> result) {
    long peakHeap = 0;
    long peakRss = 0;
    for (Object v : c.phases.values()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> p = (Map<String, Object>) v;
      peakHeap = Math.max(peakHeap, (long) p.get("peakHeapBytes"));
      peakRss = Math.max(peakRss, (long) p.get("peakRssBytes"));
    }
    result.put("peakHeapBytes", peakHeap);
    result.put("peakRssBytes", peakRss);
    result.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
  }

  private Map<String, Object> machine(BenchContext c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    m.put("jvmArgs", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    m.put("date", Instant.now().toString());
    m.put("loadAverage", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    m.put("streamThreads", o.streamThreads());
    m.put("settings", new TreeMap<>(o.settings()));
    m.put("rssPeakPerPhase", c.memory.rssPerPhase());
    return m;
  }
}
