package io.cipherwatch.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cipherwatch.cli.Main;
import io.cipherwatch.readiness.RemovalImpact;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Probes real {@code openssl s_server} instances and feeds the results to the offline readiness command. */
class TlsProbeIT {
  static final int[] S = {0x0035, 0x003D, 0x009C, 0x009D, 0xC014, 0xC028, 0xC02F, 0xC030};
  static final RemovalImpact PAIR = new RemovalImpact(S, new int[] {0x003D, 0xC028});
  final TlsProbe probe = new TlsProbe(Duration.ofSeconds(10));
  @TempDir Path dir;

  @Test
  void aRemoteAcceptingOnlyTheRemovedSuiteRefusesTheRestAndAcceptsIt() throws Exception {
    try (OpenSslServer server = OpenSslServer.start(dir, "AES256-SHA256")) {
      ProbeReport refused = probe.probe("t", "127.0.0.1", server.port, null, PAIR.remainingCodes(),
          PAIR.removedCodes());
      assertFalse(refused.accepted(), refused.toString());
      assertEquals(-1, refused.chosen());
      assertArrayEquals(PAIR.remainingCodes(), refused.offered(), "this JDK offers every remaining suite");
      assertEquals(0, refused.notOffered().length);
      assertTrue(refused.detail() != null && !refused.detail().isBlank());
      // the same remote does accept the suite being removed: the refusal is about suites, not the certificate
      ProbeReport ok = probe.probe("t", "127.0.0.1", server.port, null, new int[] {0xC030, 0x003D}, new int[0]);
      assertTrue(ok.accepted(), ok.toString());
      assertEquals(0x003D, ok.chosen());
      assertEquals("TLSv1.2", ok.protocol());
    }
  }

  @Test
  void aRemoteAcceptingAModernSuiteAcceptsWhatRemains() throws Exception {
    try (OpenSslServer server = OpenSslServer.start(dir, "ECDHE-RSA-AES128-GCM-SHA256")) {
      ProbeReport r = probe.probe("t", "127.0.0.1", server.port, "sbc.example.com", PAIR.remainingCodes(),
          PAIR.removedCodes());
      assertTrue(r.accepted(), r.toString());
      assertEquals(0xC02F, r.chosen());
      ProbeReport back = ProbeJson.read(ProbeJson.write(r));
      assertEquals(r.result(), back.result());
      assertEquals(r.result(), ProbeReport.result(r.toAvro()));
    }
  }

  @Test
  void suitesTheJvmCannotOfferAreReportedAndAnUnreachableRemoteIsAnError() throws Exception {
    // 3DES (0x000A) is disabled by jdk.tls.disabledAlgorithms; 0x1234 is unknown to JSSE
    assertArrayEquals(new int[] {0x000A, 0x1234}, probe.notOfferable(new int[] {0xC02F, 0x000A, 0x1234}));
    assertArrayEquals(new int[] {0xC02F}, probe.offerable(new int[] {0xC02F, 0x000A, 0x1234}));
    assertThrows(IllegalArgumentException.class,
        () -> probe.probe("t", "127.0.0.1", 1, null, new int[] {0x000A}, new int[0]));
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    IOException e = assertThrows(IOException.class,
        () -> probe.probe("t", "127.0.0.1", closed, null, new int[] {0xC02F}, new int[0]));
    assertTrue(e.getMessage().contains("Cannot connect to 127.0.0.1:" + closed), e.getMessage());
  }

  @Test
  void probeResultsTurnUnverifiedOutboundVerdictsIntoBreaksOrReady() throws Exception {
    Path events = dir.resolve("events.jsonl");
    // two outbound trunks whose remotes chose the removed 0x003D
    Files.write(events, List.of(
        "{\"edgeId\":\"e\",\"trunkId\":\"old-sbc\",\"direction\":\"OUTBOUND\",\"timestamp\":\"2026-03-15T10:00:00Z\","
            + "\"offeredCipherSuites\":[\"0xC030\",\"0x003D\"],\"negotiatedCipherSuite\":\"0x003D\"}",
        "{\"edgeId\":\"e\",\"trunkId\":\"new-sbc\",\"direction\":\"OUTBOUND\",\"timestamp\":\"2026-03-15T10:00:00Z\","
            + "\"offeredCipherSuites\":[\"0xC030\",\"0x003D\"],\"negotiatedCipherSuite\":\"0x003D\"}"));
    Path probes = dir.resolve("probes.jsonl");
    try (OpenSslServer old = OpenSslServer.start(dir, "AES256-SHA256");
        OpenSslServer modern = OpenSslServer.start(dir, "ECDHE-RSA-AES128-GCM-SHA256")) {
      assertEquals(0, Main.commandLine().execute("probe", "--remote", "127.0.0.1:" + old.port, "--trunk",
          "old-sbc", "--out", probes.toString()));
      assertEquals(0, Main.commandLine().execute("probe", "--remote", "127.0.0.1:" + modern.port, "--trunk",
          "new-sbc", "--remove", "0x003D,0xC028", "--out", probes.toString()));
    }
    assertEquals(2, Files.readAllLines(probes).size());
    JsonNode without = readiness(events, null);
    assertEquals("UNVERIFIED", without.at("/trunks/0/verdict").asText());
    assertEquals("UNVERIFIED", without.at("/trunks/1/verdict").asText());
    JsonNode with = readiness(events, probes);
    assertEquals("old-sbc", with.at("/trunks/0/trunkId").asText());
    assertEquals("BREAKS", with.at("/trunks/0/verdict").asText());
    assertEquals(1, with.at("/trunks/0/wouldBreak").asInt());
    assertEquals("new-sbc", with.at("/trunks/1/trunkId").asText());
    assertEquals("READY", with.at("/trunks/1/verdict").asText());
  }

  static JsonNode readiness(Path events, Path probes) throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      int rc = probes == null ? Main.commandLine().execute("readiness", "--events", events.toString())
          : Main.commandLine().execute("readiness", "--events", events.toString(), "--probes", probes.toString());
      assertEquals(0, rc);
    } finally {
      System.setOut(old);
    }
    return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
  }
}
