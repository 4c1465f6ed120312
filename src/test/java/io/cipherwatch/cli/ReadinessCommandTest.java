package io.cipherwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline readiness command against small files whose answers were worked out by hand. */
class ReadinessCommandTest {
  static final ObjectMapper MAPPER = new ObjectMapper();
  @TempDir Path dir;
  Path events;
  Path trunks;

  static String event(String trunk, String direction, String time, String offer, String chosen) {
    return "{\"edgeId\":\"e1\",\"trunkId\":\"" + trunk + "\",\"direction\":\"" + direction + "\",\"timestamp\":\""
        + time + "\",\"offeredCipherSuites\":" + offer + ",\"negotiatedCipherSuite\":" + chosen + "}";
  }

  @BeforeEach
  void files() throws Exception {
    events = dir.resolve("events.jsonl");
    Files.write(events, List.of(
        // t1 inbound: offers only 0x003D (GREASE aside) twice on the as-of day -> would break
        event("t1", "INBOUND", "2026-03-15T10:00:00Z", "[\"0x0A0A\",\"0x003D\"]", "\"0x003D\""),
        event("t1", "INBOUND", "2026-03-15T10:01:00Z", "[\"0x1A1A\",\"AES256-SHA256\"]", "\"0x003D\""),
        event("t1", "INBOUND", "2026-03-14T09:00:00Z", "[\"0xC030\"]", "\"0xC030\""),
        // an already failed handshake: handshakes and failed, never wouldBreak
        "{\"edgeId\":\"e1\",\"trunkId\":\"t1\",\"direction\":\"INBOUND\",\"timestamp\":\"2026-03-14T09:05:00Z\","
            + "\"offeredCipherSuites\":[\"0x003D\",\"0x002F\"],\"outcome\":\"FAILED\"}",
        // outside the 7-day period (and the 14-day trend)
        event("t1", "INBOUND", "2026-03-01T00:00:00Z", "[\"0x003D\"]", "\"0x003D\""),
        // t2 outbound: the remote chose a removed suite -> unverified
        event("t2", "OUTBOUND", "2026-03-13T08:00:00Z", "[\"0xC030\",\"0xC028\"]", "\"0xC028\""),
        // t3 inbound: loses only its first choice -> changes
        event("t3", "INBOUND", "2026-03-12T08:00:00Z", "[\"0xC028\",\"0xC030\"]", "\"0xC028\""),
        // t4 (no metadata): TLS 1.3 -> ready
        event("t4", "INBOUND", "2026-03-15T11:00:00Z", "[\"0x1301\",\"0x003D\"]", "\"0x1301\""),
        "",
        "not json"));
    trunks = dir.resolve("trunks.jsonl");
    Files.write(trunks, List.of(
        "{\"trunkId\":\"t1\",\"trunkName\":\"Main, HQ\",\"organizationId\":\"o1\",\"organizationName\":\"Acme\","
            + "\"contact\":\"noc@acme.example\"}",
        "{\"trunkId\":\"t2\",\"trunkName\":\"Out\",\"organizationId\":\"o1\",\"organizationName\":\"Acme\"}",
        "{\"trunkId\":\"t3\",\"trunkName\":\"Beta trunk\",\"organizationId\":\"o2\","
            + "\"organizationName\":\"Beta \\\"B\\\" Inc\"}",
        "{\"trunkId\":\"t5\",\"trunkName\":\"Spare\",\"organizationId\":\"o3\",\"organizationName\":\"Gamma\"}"));
  }

  String[] run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int rc;
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      List<String> all = new ArrayList<>(List.of("readiness", "--events", events.toString()));
      all.addAll(List.of(args));
      rc = Main.commandLine().execute(all.toArray(new String[0]));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new String[] {String.valueOf(rc), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void jsonAnswerForTheDeprecatedPair() throws Exception {
    String[] r = run("--trunks", trunks.toString(), "--as-of", "2026-03-15T12:00:00Z");
    assertEquals("0", r[0], r[2]);
    JsonNode expected = MAPPER.readTree("""
        {"asOf":"2026-03-15T12:00:00Z","remove":["0x003D","0xC028"],
         "fleet":{"handshakes":7,"failed":1,"wouldBreak":2,"unverified":1,"wouldBreakShare":0.2857142857142857,
                  "projectedReadyDate":null,"projectedReadyReason":"rising"},
         "organizations":[{"organizationId":"o1","verdict":"BREAKS","trunks":2},
                          {"organizationId":"o2","verdict":"CHANGES","trunks":1},
                          {"organizationId":null,"verdict":"READY","trunks":1},
                          {"organizationId":"o3","verdict":"NO_TRAFFIC","trunks":1}],
         "trunks":[
          {"trunkId":"t1","direction":"INBOUND","organizationId":"o1","verdict":"BREAKS","handshakes":4,"failed":1,
           "wouldBreak":2,"unverified":0,"sampleOffer":["0x003D"]},
          {"trunkId":"t2","direction":"OUTBOUND","organizationId":"o1","verdict":"UNVERIFIED","handshakes":1,
           "failed":0,"wouldBreak":0,"unverified":1,"sampleOffer":["0xC030","0xC028"]},
          {"trunkId":"t3","direction":"INBOUND","organizationId":"o2","verdict":"CHANGES","handshakes":1,"failed":0,
           "wouldBreak":0,"unverified":0,"sampleOffer":["0xC028","0xC030"]},
          {"trunkId":"t4","direction":"INBOUND","organizationId":null,"verdict":"READY","handshakes":1,"failed":0,
           "wouldBreak":0,"unverified":0,"sampleOffer":["0x1301","0x003D"]},
          {"trunkId":"t5","direction":"INBOUND","organizationId":"o3","verdict":"NO_TRAFFIC","handshakes":0,
           "failed":0,"wouldBreak":0,"unverified":0,"sampleOffer":null},
          {"trunkId":"t5","direction":"OUTBOUND","organizationId":"o3","verdict":"NO_TRAFFIC","handshakes":0,
           "failed":0,"wouldBreak":0,"unverified":0,"sampleOffer":null}]}
        """);
    assertEquals(expected, MAPPER.readTree(r[1]));
    assertTrue(r[2].contains("BAD_JSON=1"), r[2]);
  }

  @Test
  void csvForANotificationService() {
    String[] r = run("--trunks", trunks.toString(), "--as-of", "2026-03-15T12:00:00Z", "--format", "csv");
    assertEquals("0", r[0], r[2]);
    assertEquals(String.join("\r\n",
        "organizationId,organizationName,trunkId,trunkName,direction,verdict,handshakes,wouldBreak,unverified,contact",
        "o1,Acme,t1,\"Main, HQ\",INBOUND,BREAKS,4,2,0,noc@acme.example",
        "o1,Acme,t2,Out,OUTBOUND,UNVERIFIED,1,0,1,",
        "o2,\"Beta \"\"B\"\" Inc\",t3,Beta trunk,INBOUND,CHANGES,1,0,0,",
        ",,t4,,INBOUND,READY,1,0,0,",
        "o3,Gamma,t5,Spare,INBOUND,NO_TRAFFIC,0,0,0,",
        "o3,Gamma,t5,Spare,OUTBOUND,NO_TRAFFIC,0,0,0,", ""), r[1]);
  }

  @Test
  void anotherCandidateSetAndAnEarlierAsOf() throws Exception {
    // removing 0xC030: t1's single 0xC030 offer (2026-03-14) breaks; nothing else is affected
    JsonNode n = MAPPER.readTree(run("--remove", "ECDHE-RSA-AES256-GCM-SHA384", "--as-of",
        "2026-03-15T12:00:00Z")[1]);
    assertEquals("[\"0xC030\"]", n.get("remove").toString());
    assertEquals(1, n.at("/fleet/wouldBreak").asInt());
    assertEquals(0, n.at("/fleet/unverified").asInt());
    assertEquals("t1", n.at("/trunks/0/trunkId").asText());
    assertEquals("[\"0xC030\"]", n.at("/trunks/0/sampleOffer").toString());
    assertEquals("READY", n.at("/trunks/1/verdict").asText());
    // without --trunks every trunk is under the null organization
    assertEquals(1, n.get("organizations").size());
    assertTrue(n.at("/organizations/0/organizationId").isNull());
    // as of the end of 2026-03-14: the 2026-03-15 events are left out
    String[] r = run("--as-of", "2026-03-14T23:59:59Z", "--forecast");
    JsonNode early = MAPPER.readTree(r[1]);
    assertEquals(4, early.at("/fleet/handshakes").asInt());
    assertEquals(0, early.at("/fleet/wouldBreak").asInt());
    assertEquals("2026-03-14", early.at("/fleet/projectedReadyDate").asText());
    // the trend's 14 days (2026-03-01..14) now include the 2026-03-01 event: 4 days with traffic
    assertEquals(4, early.at("/forecast/series").size());
    assertEquals("2026-03-01", early.at("/forecast/series/0/day").asText());
    assertEquals(1.0, early.at("/forecast/series/0/wouldBreakShare").asDouble());
    assertTrue(r[2].contains("3 after --as-of left out"), r[2]);
  }

  @Test
  void defaultAsOfIsTheNewestEventAndBadArgumentsSayWhatToDo() {
    String[] r = run();
    assertTrue(r[1].contains("\"asOf\" : \"2026-03-15T11:00:00Z\""), r[1]);
    String[] bad = run("--remove", "NO-SUCH-SUITE");
    assertEquals("2", bad[0]);
    assertTrue(bad[2].contains("NO-SUCH-SUITE"), bad[2]);
    String[] badTime = run("--as-of", "yesterday");
    assertEquals("2", badTime[0]);
    assertTrue(badTime[2].contains("ISO-8601"), badTime[2]);
  }
}
