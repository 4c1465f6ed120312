package io.cipherwatch.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.HandshakeOutcome;
import io.cipherwatch.cli.Main;
import io.cipherwatch.replay.JsonInput;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real handshakes on loopback (openssl and GnuTLS, both sides), recorded by tcpdump during the test, read by
 * {@code capture}, every field cross-checked against tshark's dissection of the same file.
 */
class RealHandshakesIT {
  private static final int BASE = TlsLab.portBase();
  private static final String LONG_ALPN = String.join(",", java.util.Collections.nCopies(12, "x".repeat(200)));

  @TempDir static Path dir;
  private static TlsLab lab;
  private static Path pcap;
  /** Expected outcome per server port: negotiated suite (-1: FAILED), version or failure reason. */
  private static final Map<Integer, Object[]> EXPECTED = new LinkedHashMap<>();
  private static List<HandshakeEvent> events;
  private static Map<Integer, Dissection> tshark;

  @BeforeAll
  static void recordHandshakes() throws Exception {
    lab = new TlsLab(dir);
    pcap = dir.resolve("lab.pcap");
    Process dump = lab.tcpdump(pcap, "tcp portrange " + BASE + "-" + (BASE + 19));
    // openssl both sides: the server prefers the deprecated AES256-SHA256
    lab.opensslServer(BASE, "-tls1_2", "-cipher", "AES256-SHA256:ECDHE-RSA-AES256-GCM-SHA384", "-serverpref");
    TlsLab.opensslClient(BASE, "-servername", "sip.test", "-tls1_2", "-cipher",
        "ECDHE-RSA-AES256-GCM-SHA384:AES256-SHA256");
    EXPECTED.put(BASE, new Object[] {0x003D, "TLSv1.2"});
    // a client offering only the deprecated ECDHE-RSA-AES256-SHA384
    lab.opensslServer(BASE + 1);
    TlsLab.opensslClient(BASE + 1, "-tls1_2", "-cipher", "ECDHE-RSA-AES256-SHA384");
    EXPECTED.put(BASE + 1, new Object[] {0xC028, "TLSv1.2"});
    // TLS 1.3
    lab.opensslServer(BASE + 2);
    TlsLab.opensslClient(BASE + 2, "-tls1_3", "-ciphersuites", "TLS_AES_256_GCM_SHA384");
    EXPECTED.put(BASE + 2, new Object[] {0x1302, "TLSv1.3"});
    // no shared suite
    lab.opensslServer(BASE + 3, "-tls1_2", "-cipher", "AES256-SHA256");
    TlsLab.opensslClient(BASE + 3, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256");
    EXPECTED.put(BASE + 3, new Object[] {-1, "handshake_failure"});
    // a ClientHello over 2 KB (long ALPN list) through a relay that makes the client send 536-byte segments
    lab.opensslServer(BASE + 5);
    lab.smallMssRelay(BASE + 4, BASE + 5);
    TlsLab.opensslClient(BASE + 4, "-tls1_2", "-alpn", LONG_ALPN, "-servername", "big.sip.test");
    EXPECTED.put(BASE + 4, new Object[] {0xC030, "TLSv1.2"});
    EXPECTED.put(BASE + 5, new Object[] {0xC030, "TLSv1.2"}); // the relay's own connection to the server
    // GnuTLS client, openssl server preferring the deprecated suite
    lab.opensslServer(BASE + 6, "-tls1_2", "-cipher", "AES256-SHA256:ECDHE-RSA-AES256-GCM-SHA384", "-serverpref");
    TlsLab.gnutlsClient(BASE + 6, "NORMAL:+RSA:+AES-256-CBC:+SHA256:-VERS-TLS1.3");
    EXPECTED.put(BASE + 6, new Object[] {0x003D, "TLSv1.2"});
    // GnuTLS server allowing only ECDHE-RSA-AES256-SHA384, openssl client with its defaults
    lab.gnutlsServer(BASE + 7,
        "NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+ECDHE-RSA:-CIPHER-ALL:+AES-256-CBC:-MAC-ALL:+SHA384");
    TlsLab.opensslClient(BASE + 7);
    EXPECTED.put(BASE + 7, new Object[] {0xC028, "TLSv1.2"});
    // GnuTLS client, TLS 1.3 only
    lab.opensslServer(BASE + 8);
    TlsLab.gnutlsClient(BASE + 8, "NORMAL:-VERS-ALL:+VERS-TLS1.3");
    EXPECTED.put(BASE + 8, new Object[] {0x1302, "TLSv1.3"}); // GnuTLS offers AES-256-GCM first
    TlsLab.stop(dump);

    Path trunks = dir.resolve("trunks.csv");
    Files.writeString(trunks, "trunkId,remote\nloopback-lab,127.0.0.0/8\n");
    Path out = dir.resolve("events.jsonl");
    int rc = Main.commandLine().execute("capture", "--pcap", pcap.toString(), "--edge", "127.0.0.1",
        "--trunks", trunks.toString(), "--edge-id", "it-edge", "--out", out.toString());
    assertEquals(0, rc);
    events = read(out);
    tshark = Dissection.of(pcap, EXPECTED.keySet());
  }

  @AfterAll
  static void stopLab() {
    lab.close();
  }

  static List<HandshakeEvent> read(Path jsonl) throws Exception {
    JsonInput in = new JsonInput();
    List<HandshakeEvent> list = new ArrayList<>();
    long n = 0;
    for (String line : Files.readAllLines(jsonl)) {
      list.add(in.event(line, ++n));
    }
    return list;
  }

  private static HandshakeEvent eventFor(int clientPort) {
    return events.stream().filter(e -> e.getRemoteAddress().equals("127.0.0.1:" + clientPort)).findFirst()
        .orElseThrow(() -> new AssertionError("no event for client port " + clientPort + " in " + events));
  }

  @Test
  void everyHandshakeMatchesTsharkField() {
    assertEquals(EXPECTED.size(), events.size(), events.toString());
    assertEquals(EXPECTED.size(), tshark.size(), tshark.toString());
    for (Map.Entry<Integer, Dissection> t : tshark.entrySet()) {
      Dissection d = t.getValue();
      HandshakeEvent e = eventFor(d.clientPort);
      String where = "server port " + t.getKey() + ": " + e + " vs " + d;
      assertEquals(d.offered, e.getOfferedCipherSuites(), where);
      assertEquals(d.sni, e.getSni(), where);
      assertEquals(d.clientHelloMillis, e.getTimestamp().toEpochMilli(), where);
      assertEquals(Direction.INBOUND, e.getDirection());
      assertEquals("loopback-lab", e.getTrunkId());
      assertEquals("it-edge", e.getEdgeId());
      if (d.alert != null) {
        assertEquals(HandshakeOutcome.FAILED, e.getOutcome(), where);
        assertEquals(40, d.alert.intValue(), where); // tshark's number for the name below
        assertEquals("handshake_failure", e.getFailureReason(), where);
      } else {
        assertEquals(HandshakeOutcome.ESTABLISHED, e.getOutcome(), where);
        assertEquals(d.chosen, e.getNegotiatedCipherSuite(), where);
        assertEquals(d.version, e.getProtocolVersion(), where);
      }
    }
  }

  @Test
  void outcomesAreTheOnesTheScenariosControl() {
    for (Map.Entry<Integer, Object[]> x : EXPECTED.entrySet()) {
      HandshakeEvent e = eventFor(tshark.get(x.getKey()).clientPort);
      int suite = (Integer) x.getValue()[0];
      if (suite < 0) {
        assertEquals(x.getValue()[1], e.getFailureReason(), e.toString());
      } else {
        assertEquals(suite, e.getNegotiatedCipherSuite(), e.toString());
        assertEquals(x.getValue()[1], e.getProtocolVersion(), e.toString());
      }
    }
    assertEquals(List.of(0xC028, 0x00FF), eventFor(tshark.get(BASE + 1).clientPort).getOfferedCipherSuites());
  }

  @Test
  void bigClientHelloSpannedSeveralSegments() {
    Dissection big = tshark.get(BASE + 4);
    assertTrue(big.clientHelloBytes > 2048, big.toString());
    assertTrue(big.segments >= 2, "the ClientHello came in " + big.segments + " segments");
    assertEquals("big.sip.test", eventFor(big.clientPort).getSni());
  }

  @Test
  void pcapngAndGzipGiveTheSameEvents() throws Exception {
    Path ng = dir.resolve("lab.pcapng");
    TlsLab.run(30, "editcap", "-F", "pcapng", pcap.toString(), ng.toString());
    Path gz = dir.resolve("lab.pcapng.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(ng, o);
    }
    for (Path p : List.of(ng, gz)) {
      Path out = dir.resolve(p.getFileName() + ".jsonl");
      assertEquals(0, Main.commandLine().execute("capture", "--pcap", p.toString(), "--edge", "127.0.0.1",
          "--trunks", dir.resolve("trunks.csv").toString(), "--edge-id", "it-edge", "--out", out.toString()));
      assertEquals(events, read(out), p.toString());
    }
  }

  @Test
  void captureThenReplayIsAnOfflineAnalysis() throws Exception {
    Path out = dir.resolve("replay-out");
    assertEquals(0, Main.commandLine().execute("replay", "--events", dir.resolve("events.jsonl").toString(),
        "--out", out.toString()));
    assertEquals(0, Files.readAllLines(out.resolve("rejected.jsonl")).size());
    List<String> usage = Files.readAllLines(out.resolve("usage.jsonl"));
    assertTrue(usage.stream().anyMatch(l -> l.contains("loopback-lab")), usage.toString());
  }

  /** tshark's view of one connection, by server port. */
  record Dissection(int clientPort, List<Integer> offered, String sni, long clientHelloMillis, int clientHelloBytes,
      int segments, Integer chosen, String version, Integer alert) {

    static Map<Integer, Dissection> of(Path pcap, java.util.Set<Integer> ports) throws Exception {
      List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString()));
      for (int p : ports) {
        cmd.add("-d");
        cmd.add("tcp.port==" + p + ",tls");
      }
      cmd.addAll(List.of("-Y", "tls.handshake.type == 1 || tls.handshake.type == 2 || tls.alert_message.desc",
          "-T", "fields", "-E", "occurrence=a", "-e", "tcp.srcport", "-e", "tcp.dstport", "-e", "frame.time_epoch",
          "-e", "tls.handshake.type", "-e", "tls.handshake.ciphersuite", "-e", "tls.handshake.extensions_server_name",
          "-e", "tls.handshake.version", "-e", "tls.handshake.extensions.supported_version", "-e",
          "tls.alert_message.desc", "-e", "tls.handshake.length", "-e", "tcp.segment.count"));
      String out = TlsLab.run(60, cmd.toArray(String[]::new));
      Map<Integer, Map<String, String[]>> byServer = new HashMap<>();
      Map<Integer, Integer> clientPort = new HashMap<>();
      for (String line : out.split("\n")) {
        String[] f = line.split("\t", -1);
        if (f.length < 11 || !f[0].matches("\\d+")) {
          continue;
        }
        int src = Integer.parseInt(f[0]);
        int dst = Integer.parseInt(f[1]);
        boolean fromClient = ports.contains(dst);
        int server = fromClient ? dst : src;
        if (fromClient && f[3].startsWith("1")) {
          clientPort.put(server, src);
          byServer.computeIfAbsent(server, k -> new HashMap<>()).putIfAbsent("ch", f);
        } else if (!fromClient && f[3].startsWith("2")) {
          byServer.computeIfAbsent(server, k -> new HashMap<>()).put("sh", f);
        } else if (!f[8].isEmpty()) {
          byServer.computeIfAbsent(server, k -> new HashMap<>()).putIfAbsent("alert", f);
        }
      }
      Map<Integer, Dissection> result = new LinkedHashMap<>();
      for (Map.Entry<Integer, Map<String, String[]>> e : byServer.entrySet()) {
        String[] ch = e.getValue().get("ch");
        assertNotNull(ch, "tshark saw no ClientHello to port " + e.getKey());
        String[] sh = e.getValue().get("sh");
        String[] alert = e.getValue().get("alert");
        List<Integer> offered = new ArrayList<>();
        for (String s : ch[4].split(",")) {
          offered.add(Integer.decode(s));
        }
        Integer chosen = sh == null ? null : Integer.decode(sh[4].split(",")[0]);
        String version = null;
        if (sh != null) {
          String v = sh[7].isEmpty() ? sh[6].split(",")[0] : sh[7].split(",")[0];
          version = switch (Integer.decode(v)) {
            case 0x0303 -> "TLSv1.2";
            case 0x0304 -> "TLSv1.3";
            default -> v;
          };
        }
        long millis = new BigDecimal(ch[2]).movePointRight(3).longValue();
        result.put(e.getKey(), new Dissection(clientPort.get(e.getKey()), offered,
            ch[5].isEmpty() ? null : ch[5], millis, Integer.parseInt(ch[9].split(",")[0]),
            ch[10].isEmpty() ? 1 : Integer.parseInt(ch[10]), chosen, version,
            alert == null ? null : Integer.decode(alert[8].split(",")[0])));
      }
      return result;
    }
  }
}
