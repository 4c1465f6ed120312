package io.cipherwatch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one {@link Bench} run, by JSON key. Always present: {@code events}, {@code trunks},
 * {@code partitions}, {@code baselineEventsPerSec}, {@code eosEventsPerSec}, {@code alosEventsPerSec},
 * {@code eosRatio}, {@code alosRatio}, {@code floorEventsPerSec}, {@code eosFloorRatio}, {@code alosFloorRatio},
 * {@code eosOnChangeEventsPerSec} and {@code eosOnChangeRatio} (exactly-once with on-change usage rows, and its
 * ratio to every-window), {@code everyWindowUsageRows}, {@code onChangeUsageRows}, {@code onChangeUsageRowsShare},
 * {@code dslEventsPerSec} and {@code dslRatio} (unless the DSL peer is skipped), {@code frameworkEventsPerSec},
 * {@code frameworkAlosEventsPerSec}, {@code eosFrameworkRatio}, {@code alosFrameworkRatio} and
 * {@code frameworkFloorRatio} (Kafka Streams alone with the same reads and writes), {@code p50AlertLatencyMs},
 * {@code p99AlertLatencyMs},
 * {@code peakHeapBytes}, {@code peakRssBytes}; plus start-up and restore times, live heap, state-store sizes,
 * output record counts, processing lag, per-phase figures and the machine.
 */
public final class BenchResult {
  private final Map<String, Object> values;

  BenchResult(Map<String, Object> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  /** Every figure, in report order. */
  public Map<String, Object> values() {
    return values;
  }

  /** A numeric figure. */
  public double number(String key) {
    Object v = values.get(key);
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException("No numeric bench figure '" + key + "'");
    }
    return n.doubleValue();
  }

  /** Writes the figures as pretty-printed JSON. */
  public void writeJson(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), values);
  }

  /** The human-readable summary table (Markdown). */
  public String table() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%d events, %d trunks, %d partitions, %s cores, %s%n%n",
        (long) number("events"), (long) number("trunks"), (long) number("partitions"),
        machine("cores"), machine("jvm")));
    b.append("| measure | value |\n|---|---|\n");
    row(b, "plain consumer + deserialize", "%,.0f events/s", number("baselineEventsPerSec"));
    row(b, "topology, exactly-once v2", "%,.0f events/s (%.0f%% of baseline)", number("eosEventsPerSec"),
        100 * number("eosRatio"));
    row(b, "topology, at-least-once", "%,.0f events/s (%.0f%% of baseline)", number("alosEventsPerSec"),
        100 * number("alosRatio"));
    row(b, "topology, exactly-once v2, on-change usage rows", "%,.0f events/s (%.2fx every-window)",
        number("eosOnChangeEventsPerSec"), number("eosOnChangeRatio"));
    row(b, "usage rows committed, every-window / on-change", "%,.0f / %,.0f (%.1f%%)",
        number("everyWindowUsageRows"), number("onChangeUsageRows"), 100 * number("onChangeUsageRowsShare"));
    if (values.containsKey("dslEventsPerSec")) {
      row(b, "Kafka Streams DSL peer (usage rows only), exactly-once", "%,.0f events/s (cipherwatch: %.2fx)",
          number("dslEventsPerSec"), number("dslRatio"));
    }
    if (values.containsKey("floorEventsPerSec")) {
      row(b, "floor: baseline + bare producer writing the topology's " + String.format(Locale.ROOT, "%,.0f",
          number("outputRecords")) + " records", "%,.0f events/s (%.0f%% of baseline)", number("floorEventsPerSec"),
          100 * number("floorRatio"));
      row(b, "topology as a share of the floor", "exactly-once %.0f%%, at-least-once %.0f%%",
          100 * number("eosFloorRatio"), 100 * number("alosFloorRatio"));
    }
    if (values.containsKey("frameworkEventsPerSec")) {
      row(b, "Kafka Streams alone, the same reads and writes", "exactly-once %,.0f events/s (%.0f%% of the floor),"
          + " at-least-once %,.0f events/s", number("frameworkEventsPerSec"), 100 * number("frameworkFloorRatio"),
          number("frameworkAlosEventsPerSec"));
      row(b, "topology as a share of Kafka Streams alone", "exactly-once %.0f%%, at-least-once %.0f%%",
          100 * number("eosFrameworkRatio"), 100 * number("alosFrameworkRatio"));
    }
    row(b, "alert latency at " + String.format(Locale.ROOT, "%,.0f", number("latencyRateEventsPerSec"))
        + " events/s", "p50 %.0f ms, p99 %.0f ms, max %.0f ms (%,.0f alerts, after the first %.0f s)",
        number("p50AlertLatencyMs"), number("p99AlertLatencyMs"), number("maxAlertLatencyMs"),
        number("alertsMeasured"), number("latencySettleMs") / 1000);
    row(b, "processing lag (histogram bucket)", "p50 <= %.0f ms, p99 <= %.0f ms, max %.0f ms",
        number("p50ProcessingLagMs"), number("p99ProcessingLagMs"), number("maxProcessingLagMs"));
    row(b, "heap: peak used (garbage included) / max", "%,.0f / %,.0f MiB", number("peakHeapBytes") / (1 << 20),
        number("maxHeapBytes") / (1 << 20));
    row(b, "heap live after the run, all trunks' state loaded (broker included)", "%,.0f MiB exactly-once,"
        + " %,.0f MiB at-least-once", number("eosLiveHeapBytes") / (1 << 20), number("alosLiveHeapBytes") / (1 << 20));
    row(b, "peak RSS (VmHWM, broker included)", "%,.0f MiB", number("peakRssBytes") / (1 << 20));
    row(b, "state stores on disk, exactly-once / at-least-once", "%,.1f / %,.1f MiB",
        number("eosStateStoreBytes") / (1 << 20), number("alosStateStoreBytes") / (1 << 20));
    row(b, "restore of the exactly-once instance from its changelogs", "%,.1f s", number("eosRestoreMs") / 1e3);
    return b.toString();
  }

  private String machine(String key) {
    Object m = values.get("machine");
    return m instanceof Map<?, ?> map ? String.valueOf(map.get(key)) : "?";
  }

  private static void row(StringBuilder b, String name, String format, Object... args) {
    b.append("| ").append(name).append(" | ").append(String.format(Locale.ROOT, format, args)).append(" |\n");
  }
}
