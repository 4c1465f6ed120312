package io.cipherwatch.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.HandshakeOutcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code capture --interface lo} through libpcap, for real, and its error without the capture capabilities. */
class LiveCaptureIT {
  private static List<String> cipherwatch(String... args) {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
        System.getProperty("java.class.path"), "io.cipherwatch.cli.Main"));
    cmd.addAll(List.of(args));
    return cmd;
  }

  @Test
  void capturesAHandshakeLiveOnLoopback(@TempDir Path dir) throws Exception {
    int port = TlsLab.portBase() + 10;
    Path out = dir.resolve("live.jsonl");
    try (TlsLab lab = new TlsLab(dir)) {
      Process capture = lab.start("listening on lo", cipherwatch("capture", "--interface", "lo", "--filter",
          "tcp port " + port, "--edge", "127.0.0.1:" + port, "--out", out.toString(), "--duration", "8s",
          "--summary-every", "2s").toArray(String[]::new));
      lab.opensslServer(port, "-tls1_2", "-cipher", "AES256-SHA256:ECDHE-RSA-AES256-GCM-SHA384", "-serverpref");
      TlsLab.opensslClient(port, "-servername", "live.sip.test", "-tls1_2");
      assertTrue(capture.waitFor(60, TimeUnit.SECONDS), "capture --duration 8s did not stop");
      assertEquals(0, capture.exitValue());
      List<HandshakeEvent> events = RealHandshakesIT.read(out);
      assertEquals(1, events.size(), events.toString());
      HandshakeEvent e = events.get(0);
      assertEquals(0x003D, e.getNegotiatedCipherSuite());
      assertEquals(HandshakeOutcome.ESTABLISHED, e.getOutcome());
      assertEquals("live.sip.test", e.getSni());
      assertEquals("ip:127.0.0.1", e.getTrunkId());
    }
  }

  @Test
  void withoutCaptureCapabilitiesSaysWhichToGrant(@TempDir Path dir) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("setpriv", "--bounding-set=-net_raw,-net_admin", "--"));
    cmd.addAll(cipherwatch("capture", "--interface", "lo", "--edge", "127.0.0.1", "--out",
        dir.resolve("x.jsonl").toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(2, p.exitValue(), output);
    assertTrue(output.contains("Cannot capture on 'lo': permission denied"), output);
    assertTrue(output.contains("CAP_NET_RAW and CAP_NET_ADMIN"), output);
    assertFalse(output.contains("Exception"), output);
  }
}
