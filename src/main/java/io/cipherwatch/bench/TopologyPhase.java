package io.cipherwatch.bench;

import io.cipherwatch.app.CipherwatchApp;
import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.config.Settings;
import io.cipherwatch.metrics.MetricNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cipherwatch application with production defaults and one processing guarantee, over the whole input,
 * from start until its consumer group has committed the end of every input partition; for exactly-once, then
 * a full restore on an empty state directory (not for {@code cipherwatch.usage.emit=on-change}: the state does not
 * depend on the mode).
 */
final class TopologyPhase {
  /** commit.interval.ms of the at-least-once run. */
  static final long ALOS_COMMIT_INTERVAL_MS = 1_000;
  static final String EOS = "exactly_once_v2";
  static final String ALOS = "at_least_once";

  /**
   * One run's figures. {@code outputRecords}: records per output ("usage", "fleet", "alerts", "dlq"), counted
   * from end offsets (exact for at-least-once only: transaction markers take offsets); {@code written}: every
   * topic the instance wrote (outputs, changelogs, repartition topic); {@code restoreMs}: -1 when not measured;
   * {@code usageTopic}: where it wrote its usage rows.
   */
  record Result(String name, double eventsPerSec, long startupMs, double processingEventsPerSec,
      long stateStoreBytes, long handshakes, long deadLetters, long liveHeapBytes, Map<String, Long> outputRecords,
      List<String> written, long restoreMs, String usageTopic) {
    void report(Map<String, Object> out) {
      out.put(name + "EventsPerSec", eventsPerSec);
      out.put(name + "StartupMs", startupMs);
      out.put(name + "ProcessingEventsPerSec", processingEventsPerSec);
      out.put(name + "StateStoreBytes", stateStoreBytes);
      out.put(name + "Handshakes", handshakes);
      out.put(name + "DeadLetters", deadLetters);
      out.put(name + "LiveHeapBytes", liveHeapBytes);
      if (restoreMs >= 0) {
        out.put(name + "RestoreMs", restoreMs);
      }
    }
  }

  private final BenchContext c;

  TopologyPhase(BenchContext c) {
    this.c = c;
  }

  Result run(String name, String guarantee, InputPhase.Produced in) throws Exception {
    return run(name, guarantee, in, Map.of());
  }

  /**
   * The settings of a timed run under {@code guarantee}: at-least-once commits every
   * {@value #ALOS_COMMIT_INTERVAL_MS} ms, since its 30 s default would put up to 30 s of waiting for the final
   * commit into a few seconds of work (committing more often only costs more, so the figure stays conservative).
   */
  static Map<String, String> guaranteeSettings(String guarantee) {
    return guarantee.equals(ALOS)
        ? Map.of("processing.guarantee", guarantee, "commit.interval.ms", Long.toString(ALOS_COMMIT_INTERVAL_MS))
        : Map.of("processing.guarantee", guarantee);
  }

  /** As {@link #run(String, String, InputPhase.Produced)}, with extra settings (e.g. num.stream.threads). */
  Result run(String name, String guarantee, InputPhase.Produced in, Map<String, String> extra) throws Exception {
    String prefix = "bench-" + c.runId + "-" + name + "-";
    Map<String, String> m = c.appConfig(prefix, in.topic());
    m.putAll(guaranteeSettings(guarantee));
    m.putAll(extra);
    Path stateDir = Path.of(m.get("state.dir"));
    String appId = m.get("application.id");
    long began = System.nanoTime();
    long runningAt;
    long doneAt;
    long handshakes;
    long deadLetters;
    long liveHeap;
    try (CipherwatchApp app = new CipherwatchApp(CipherwatchConfig.of(m))) {
      app.start();
      runningAt = BenchContext.awaitRunning(app, began);
      c.awaitCommitted(app.streams(), appId, in.end(), c.inputTimeout(in.events()));
      doneAt = System.nanoTime();
      handshakes = (long) BenchContext.counterTotal(app, MetricNames.HANDSHAKES.name());
      deadLetters = (long) BenchContext.counterTotal(app, MetricNames.DEAD_LETTERS.name());
      // retained with every trunk's state loaded (the in-process broker's share included)
      liveHeap = c.memory.liveHeap();
    }
    double seconds = (doneAt - began) / 1e9;
    Map<String, Long> outputs = new LinkedHashMap<>();
    List<String> written = new ArrayList<>();
    for (String out : List.of("usage", "fleet", "alerts", "dlq")) {
      String topic = m.get("cipherwatch.topics." + out);
      outputs.put(out, c.records(topic));
      written.add(topic);
    }
    for (String t : c.admin.listTopics().names().get()) {
      if (t.startsWith(appId + "-") && (t.endsWith("-changelog") || t.endsWith("-repartition"))) {
        written.add(t);
      }
    }
    double rate = in.events() / seconds;
    long stateBytes = BenchContext.sizeOf(stateDir);
    c.log.printf("%-10s %,d events (%,d valid, %,d dead letters) in %.1f s (%.1f s to RUNNING): %,.0f events/s,"
        + " state %,d MB%n", name, in.events(), handshakes, deadLetters, seconds, (runningAt - began) / 1e9, rate,
        stateBytes >> 20);
    c.endPhase(name, seconds, Map.of("eventsPerSec", rate, "stateStoreBytes", stateBytes));
    boolean onChange = "on-change".equals(m.get(Settings.USAGE_EMIT.key()));
    long restoreMs = guarantee.equals(EOS) && !onChange ? restore(m) : -1;
    return new Result(name, rate, (runningAt - began) / 1_000_000, in.events() / ((doneAt - runningAt) / 1e9),
        stateBytes, handshakes, deadLetters, liveHeap, outputs, written, restoreMs,
        m.get(Settings.TOPIC_USAGE.key()));
  }

  /** Restarts the finished instance on an empty state directory: the time to RUNNING is a full restore. */
  private long restore(Map<String, String> config) throws Exception {
    Map<String, String> m = new HashMap<>(config);
    m.put("state.dir", c.tempDir("cw-bench-restore").toString());
    long began = System.nanoTime();
    long runningAt;
    try (CipherwatchApp app = new CipherwatchApp(CipherwatchConfig.of(m))) {
      app.start();
      runningAt = BenchContext.awaitRunning(app, began);
    }
    long millis = (runningAt - began) / 1_000_000;
    c.log.printf("restore    the exactly-once instance on an empty state directory: RUNNING after %,d ms%n", millis);
    c.endPhase("restore", millis / 1e3, Map.of());
    return millis;
  }
}
