package io.cipherwatch.bench;

import io.cipherwatch.serde.MockSchemaRegistry;
import io.cipherwatch.serde.UnknownSchemaIdException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * {@code bench --scaling}: for each trunk count, the same input through the exactly-once topology with one
 * stream thread, with two, and as two instances in separate JVMs (each running {@code run}, one thread) sharing
 * the partitions. Per configuration: events/s, live heap (in-process runs) or resident set (each separate
 * process), state size, restore time (in-process runs) and the cost per event.
 */
public final class ScalingBench {
  private final BenchOptions o;
  private final List<Integer> trunkCounts;
  private final PrintStream log;

  /** The grid: every trunk count in {@code trunkCounts}, the other options as given. */
  public ScalingBench(BenchOptions options, List<Integer> trunkCounts, PrintStream log) {
    this.o = options;
    this.trunkCounts = List.copyOf(trunkCounts);
    this.log = log;
  }

  /** One configuration's figures; -1 where not measured. */
  public record Row(int trunks, String setup, double eventsPerSec, long liveHeapBytes, long rssBytes,
      long stateStoreBytes, long restoreMs) {
    /** Wall-clock microseconds per event on this machine. */
    public double microsPerEvent() {
      return 1e6 / eventsPerSec;
    }
  }

  /**
   * Runs the grid.
   *
   * @throws BenchFailedException when a configuration fails
   */
  public List<Row> run() {
    List<Row> rows = new ArrayList<>();
    for (int trunks : trunkCounts) {
      BenchOptions t = new BenchOptions(o.events(), 0, trunks, o.partitions(), o.latencySeconds(), 1, o.seed(),
          o.settings(), false);
      String runId = UUID.randomUUID().toString().substring(0, 8);
      try (BenchContext c = Bench.phase("start", () -> BenchContext.start(t, log, runId))) {
        InputPhase.Produced in = Bench.phase("produce " + trunks,
            () -> new InputPhase(c).produce("bench-" + runId + "-tls-handshakes", o.events(), "produce"));
        TopologyPhase topology = new TopologyPhase(c);
        for (int threads : new int[] {1, 2}) {
          TopologyPhase.Result r = Bench.phase(trunks + " trunks, " + threads + " threads", () -> topology.run(
              "t" + threads, TopologyPhase.EOS, in, Map.of("num.stream.threads", Integer.toString(threads))));
          rows.add(log(new Row(trunks, threads + " stream thread" + (threads > 1 ? "s" : ""), r.eventsPerSec(),
              r.liveHeapBytes(), -1, r.stateStoreBytes(), r.restoreMs())));
        }
        rows.add(log(Bench.phase(trunks + " trunks, 2 processes", () -> twoProcesses(c, in, trunks))));
      }
    }
    return rows;
  }

  private Row log(Row r) {
    log.printf("scaling    %,d trunks, %s: %,.0f events/s (%.1f us/event), live heap %,d MiB, RSS %,d MiB,"
            + " state %,d MiB, restore %,d ms%n", r.trunks(), r.setup(), r.eventsPerSec(), r.microsPerEvent(),
        r.liveHeapBytes() >> 20, r.rssBytes() >> 20, r.stateStoreBytes() >> 20, r.restoreMs());
    return r;
  }

  /** Two JVMs running {@code run} with the same application id; timed from their start to the last commit. */
  private Row twoProcesses(BenchContext c, InputPhase.Produced in, int trunks) throws Exception {
    String prefix = "bench-" + c.runId + "-procs-";
    Map<String, String> m = c.appConfig(prefix, in.topic());
    m.put("num.stream.threads", "1");
    // the instances' serializers register their schemas in their own in-memory registry (same text, same id)
    m.put("auto.register.schemas", "true");
    Path schemas = c.tempDir("cw-bench-schemas").resolve("schemas.txt");
    writeSchemas(schemas);
    List<Process> procs = new ArrayList<>();
    List<Path> stateDirs = new ArrayList<>();
    long began = System.nanoTime();
    long[] rss = new long[2];
    try {
      for (int i = 0; i < 2; i++) {
        Map<String, String> own = new HashMap<>(m);
        Path state = c.tempDir("cw-bench-proc-state");
        stateDirs.add(state);
        own.put("state.dir", state.toString());
        Path cfg = c.tempDir("cw-bench-proc").resolve("app.properties");
        Properties p = new Properties();
        p.putAll(own);
        try (Writer w = Files.newBufferedWriter(cfg, StandardCharsets.UTF_8)) {
          p.store(w, "bench --scaling instance " + i);
        }
        procs.add(new ProcessBuilder(javaCommand(schemas, cfg, trunks)).redirectErrorStream(true)
            .redirectOutput(c.tempDir("cw-bench-proc-log").resolve("out.log").toFile()).start());
      }
      String group = m.get("application.id");
      long deadline = System.nanoTime() + c.inputTimeout(in.events()).toNanos();
      while (!committed(c, group, in)) {
        for (Process p : procs) {
          if (!p.isAlive()) {
            throw new IllegalStateException("an instance exited with code " + p.exitValue()
                + " before processing the input; run with --verbose and see its log");
          }
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the two instances did not commit the end of the input in time");
        }
        Thread.sleep(20);
      }
      for (int i = 0; i < 2; i++) {
        rss[i] = statusBytes(procs.get(i).pid(), "VmHWM:");
      }
    } finally {
      for (Process p : procs) {
        p.destroy();
      }
      for (Process p : procs) {
        p.waitFor();
      }
    }
    double seconds = BenchContext.seconds(began);
    long state = stateDirs.stream().mapToLong(BenchContext::sizeOf).sum();
    c.endPhase("procs-" + trunks, seconds, Map.of());
    return new Row(trunks, "2 processes x 1 thread", in.events() / seconds, -1, rss[0] + rss[1], state, -1);
  }

  private static boolean committed(BenchContext c, String group, InputPhase.Produced in) throws Exception {
    var offsets = c.admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    for (var e : in.end().entrySet()) {
      var off = offsets.get(e.getKey());
      if (off == null || off.offset() < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** The schemas of the bench's in-memory registry, one per line in id order. */
  private static void writeSchemas(Path file) throws IOException {
    MockSchemaRegistry registry = MockSchemaRegistry.scope(BenchContext.REGISTRY_SCOPE);
    List<String> lines = new ArrayList<>();
    for (int id = 1; ; id++) {
      try {
        lines.add(registry.getById(id).toString());
      } catch (UnknownSchemaIdException end) {
        break;
      }
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  /** Heap of each separate instance: a base plus room for the state of the trunks (half of them each). */
  static long processHeapMiB(int trunks) {
    return 512 + (trunks * 4L >> 10);
  }

  private static List<String> javaCommand(Path schemas, Path config, int trunks) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + processHeapMiB(trunks) + "m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ScalingInstance.class.getName());
    cmd.add(schemas.toString());
    cmd.add(config.toString());
    return cmd;
  }

  private static long statusBytes(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field)) {
          String v = line.substring(field.length()).trim();
          return Long.parseLong(v.substring(0, v.indexOf(' '))) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** The grid as a Markdown table. */
  public static String table(List<Row> rows) {
    StringBuilder b = new StringBuilder("| trunks | setup | events/s | us/event | live heap | RSS | state | restore |\n"
        + "|---|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      b.append(String.format(java.util.Locale.ROOT, "| %,d | %s | %,.0f | %.1f | %s | %s | %s | %s |%n", r.trunks(),
          r.setup(), r.eventsPerSec(), r.microsPerEvent(), mib(r.liveHeapBytes()), mib(r.rssBytes()),
          mib(r.stateStoreBytes()), r.restoreMs() < 0 ? "-" : String.format(java.util.Locale.ROOT, "%.1f s",
              r.restoreMs() / 1e3)));
    }
    return b.toString();
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "-" : String.format(java.util.Locale.ROOT, "%,.0f MiB", bytes / 1048576.0);
  }

  /** The grid as JSON-ready maps. */
  public static List<Map<String, Object>> json(List<Row> rows) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("trunks", r.trunks());
      m.put("setup", r.setup());
      m.put("eventsPerSec", r.eventsPerSec());
      m.put("microsPerEvent", r.microsPerEvent());
      m.put("liveHeapBytes", r.liveHeapBytes());
      m.put("rssBytes", r.rssBytes());
      m.put("stateStoreBytes", r.stateStoreBytes());
      m.put("restoreMs", r.restoreMs());
      out.add(m);
    }
    return out;
  }
}
