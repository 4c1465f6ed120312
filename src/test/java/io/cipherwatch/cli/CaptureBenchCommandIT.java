package io.cipherwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small bench capture run: generates, captures, runs tshark, prints both rates and the ratio. */
class CaptureBenchCommandIT {
  @Test
  void measuresCaptureAgainstTshark(@TempDir Path dir) throws Exception {
    PrintStream saved = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int rc;
    try {
      System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
      rc = Main.commandLine().execute("bench", "capture", "--handshakes", "2000", "--rounds", "1", "--dir",
          dir.toString());
    } finally {
      System.setOut(saved);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    assertEquals(0, rc, out);
    assertTrue(out.contains("generated 2,000 handshakes"), out);
    assertTrue(out.contains("handshakes/s on one core"), out);
    assertTrue(out.matches("(?s).*tshark -T fields: [\\d,]+ handshakes/s.*"), out);
    assertTrue(out.matches("(?s).*ratio capture/tshark: [\\d.]+x.*"), out);
    assertTrue(Files.size(dir.resolve("tshark.tsv")) > 0);
  }
}
