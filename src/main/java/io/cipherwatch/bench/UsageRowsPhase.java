package io.cipherwatch.bench;

import java.util.Map;

/**
 * Counts the usage rows the every-window and the on-change exactly-once instances committed (read committed:
 * end offsets would count transaction markers too), so the output saved by {@code cipherwatch.usage.emit=on-change}
 * is exact.
 */
final class UsageRowsPhase {
  /** Committed usage rows of each mode, and the on-change share of the every-window rows. */
  record Result(long everyWindowRows, long onChangeRows) {
    void report(Map<String, Object> out) {
      out.put("everyWindowUsageRows", everyWindowRows);
      out.put("onChangeUsageRows", onChangeRows);
      out.put("onChangeUsageRowsShare", everyWindowRows == 0 ? 0.0 : (double) onChangeRows / everyWindowRows);
    }
  }

  private final BenchContext c;

  UsageRowsPhase(BenchContext c) {
    this.c = c;
  }

  Result run(String everyWindowTopic, String onChangeTopic) throws Exception {
    long began = System.nanoTime();
    long every = c.committedRecords(everyWindowTopic);
    long onChange = c.committedRecords(onChangeTopic);
    if (every == 0) {
      throw new IllegalStateException("the every-window instance committed no usage row to " + everyWindowTopic);
    }
    c.log.printf("usage rows committed: %,d every-window, %,d on-change (%.1f %%)%n", every, onChange,
        100.0 * onChange / every);
    c.endPhase("usageRows", BenchContext.seconds(began), Map.of("everyWindowUsageRows", every,
        "onChangeUsageRows", onChange));
    return new Result(every, onChange);
  }
}
