package io.cipherwatch.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.avro.DeadLetter;
import io.cipherwatch.json.JsonOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The background writer writes every record, in order, and reports a failing stream to its caller. */
class BackgroundLinesTest {
  @Test
  void writesEveryRecordInOrder() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringBuilder expected = new StringBuilder();
    try (BackgroundLines lines = new BackgroundLines(new JsonOutput.Lines(out), "test-writer")) {
      for (int i = 0; i < 20_011; i++) { // batches and a last partial one
        DeadLetter d = letter(i);
        lines.write(d);
        expected.append(JsonOutput.line(d)).append('\n');
      }
    }
    assertEquals(expected.toString(), out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aFailingStreamIsReportedAndTheWriterStops() {
    OutputStream broken = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("disk full");
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        throw new IOException("disk full");
      }
    };
    BackgroundLines lines = new BackgroundLines(new JsonOutput.Lines(broken), "test-writer");
    IOException e = assertThrows(IOException.class, () -> {
      try (lines) {
        for (int i = 0; i < 1_000_000; i++) {
          lines.write(letter(i));
        }
      }
    });
    assertTrue(e.getMessage().contains("disk full"), e.getMessage());
    assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("test-writer")),
        "the writer thread has ended");
  }

  private static DeadLetter letter(int i) {
    return DeadLetter.newBuilder().setReason("BAD_JSON").setMessage("line " + i).setTopic("t").setPartition(0)
        .setOffset(i).setRecordTimestamp(Instant.ofEpochMilli(i)).setOriginalKey(null).setOriginalValue(null)
        .setEventId(null).setTrunkId(null).build();
  }
}
