package io.cipherwatch.capture;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.capture.endpoint.AddressPattern;
import io.cipherwatch.capture.endpoint.EndpointTable;
import io.cipherwatch.capture.pcap.CaptureFileReader;
import io.cipherwatch.capture.synth.SyntheticCapture;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Random and mutated bytes, at every layer, never throw. */
class CaptureFuzzTest {
  private static CaptureSession session(long[] events) {
    EndpointTable<Boolean> edges = new EndpointTable<>();
    edges.put(AddressPattern.parse("10.0.0.1"), Boolean.TRUE);
    return new CaptureSession(new EventFactory("e", edges, new EndpointTable<>()), new HandshakeSink() {
      @Override
      public void accept(HandshakeEvent e) {
        events[0]++;
      }

      @Override
      public void close() {}
    }, Duration.ofSeconds(30));
  }

  @Test
  void mutatedCapturesNeverThrow(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("f.pcap");
    SyntheticCapture.write(file, 60, 3);
    byte[] good = Files.readAllBytes(file);
    SplittableRandom rnd = new SplittableRandom(17);
    long total = 0;
    for (int round = 0; round < 300; round++) {
      byte[] b = good.clone();
      int flips = 1 + rnd.nextInt(round < 150 ? 8 : 200);
      for (int i = 0; i < flips; i++) {
        // past the file header mostly, so the mutations reach TCP and TLS
        int at = 24 + rnd.nextInt(b.length - 24);
        b[at] = (byte) rnd.nextInt(256);
      }
      int len = round % 5 == 0 ? rnd.nextInt(b.length) : b.length;
      long[] events = {0};
      CaptureSession s = session(events);
      byte[] input = java.util.Arrays.copyOf(b, len);
      assertDoesNotThrow(() -> {
        CaptureFileReader.read("fuzz", new ByteArrayInputStream(input), s);
        s.finish();
      }, "round " + round);
      total += events[0];
    }
    assertTrue(total > 0, "mutations this small leave most handshakes readable");
  }

  @Test
  void randomPayloadsAfterAValidTcpStartNeverThrow() throws Exception {
    SplittableRandom rnd = new SplittableRandom(5);
    for (int round = 0; round < 500; round++) {
      Traffic t = new Traffic();
      var c = t.conversation(1 + round % 200, Traffic.START).open();
      byte[] junk = new byte[rnd.nextInt(3000)];
      for (int i = 0; i < junk.length; i++) {
        junk[i] = (byte) rnd.nextInt(256);
      }
      if (junk.length > 5 && round % 2 == 0) {
        junk[0] = 22; // looks like a handshake record, so the junk reaches the hello parsers
        junk[1] = 3;
        junk[2] = 1;
        junk[5] = 1;
      }
      c.client(junk);
      c.server(junk);
      c.close();
      assertDoesNotThrow(() -> t.run());
    }
  }

  @Test
  void randomFilesNeverThrow() {
    SplittableRandom rnd = new SplittableRandom(11);
    for (int round = 0; round < 300; round++) {
      byte[] b = new byte[rnd.nextInt(4096)];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) rnd.nextInt(256);
      }
      int kind = round % 3;
      if (b.length >= 12 && kind == 1) {
        b[0] = (byte) 0xD4;
        b[1] = (byte) 0xC3;
        b[2] = (byte) 0xB2;
        b[3] = (byte) 0xA1;
      } else if (b.length >= 12 && kind == 2) {
        b[0] = 0x0A;
        b[1] = 0x0D;
        b[2] = 0x0D;
        b[3] = 0x0A;
        b[8] = 0x4D;
        b[9] = 0x3C;
        b[10] = 0x2B;
        b[11] = 0x1A;
      }
      CaptureSession s = session(new long[1]);
      assertDoesNotThrow(() -> CaptureFileReader.read("random", new ByteArrayInputStream(b), s));
    }
  }
}
