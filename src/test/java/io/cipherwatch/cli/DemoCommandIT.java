package io.cipherwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DemoCommandIT {
  private static final Pattern PROCESSED = Pattern.compile("Handshakes\\s+([\\d,]+) processed");
  private static final Pattern DEPRECATED_ONLY = Pattern.compile("DEPRECATED_ONLY (\\d+)");

  /** Collects stdout line by line with the time each line arrived. */
  private static final class TimedLines extends OutputStream {
    private final long begin = System.nanoTime();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    final List<String> lines = new ArrayList<>();
    final List<Long> millis = new ArrayList<>();

    @Override
    public synchronized void write(int b) {
      if (b == '\n') {
        lines.add(line.toString(StandardCharsets.UTF_8));
        millis.add((System.nanoTime() - begin) / 1_000_000);
        line.reset();
      } else {
        line.write(b);
      }
    }
  }

  @Test
  void runsEndToEndAndShowsSharesAndAlertsThenStopsCleanly() {
    TimedLines out = new TimedLines();
    PrintStream old = System.out;
    int rc;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      rc = Main.commandLine().execute("demo", "--duration", "40s", "--http-port", "0", "--management-port", "0",
          "--rate", "400",
          "--summary-every", "5s");
    } finally {
      System.setOut(old);
    }
    String all = String.join("\n", out.lines);
    assertEquals(0, rc, all);
    assertFalse(all.contains("Exception") || all.contains("\tat "), "no exception text on stdout:\n" + all);
    assertFalse(all.contains("\033["), "no screen clearing when stdout is not a terminal");
    assertTrue(all.contains("cipherwatch demo stopped"), all);

    long processed = 0;
    long firstAlertsMillis = -1;
    long firstFleetMillis = -1;
    long processorStartedMillis = -1;
    boolean alertSeen = false;
    for (int i = 0; i < out.lines.size(); i++) {
      String l = out.lines.get(i);
      if (l.startsWith("A summary every")) {
        processorStartedMillis = out.millis.get(i);
      }
      Matcher p = PROCESSED.matcher(l);
      if (p.find()) {
        processed = Long.parseLong(p.group(1).replace(",", ""));
      }
      Matcher d = DEPRECATED_ONLY.matcher(l);
      if (l.startsWith("Open alerts") && d.find() && Integer.parseInt(d.group(1)) > 0) {
        alertSeen = true;
        if (firstAlertsMillis < 0) {
          firstAlertsMillis = out.millis.get(i);
        }
      }
      if (l.startsWith("  INBOUND   deprecated") && firstFleetMillis < 0) {
        firstFleetMillis = out.millis.get(i);
      }
    }
    assertTrue(processed > 1_000, "handshakes processed: " + processed + "\n" + all);
    assertTrue(alertSeen, "an open DEPRECATED_ONLY alert:\n" + all);
    assertTrue(firstFleetMillis > 0, "a fleet share line:\n" + all);
    assertTrue(all.contains("Top at-risk"), all);
    System.out.printf("DemoCommandIT: broker up and processor starting after %d ms; first summary with open alerts"
        + " after %d ms, with fleet shares after %d ms (from the command's start)%n", processorStartedMillis,
        firstAlertsMillis, firstFleetMillis);
  }
}
