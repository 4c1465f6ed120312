package io.cipherwatch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cipherwatch.policy.ActivePolicy;
import io.cipherwatch.policy.CipherPolicy;
import io.cipherwatch.policy.PolicyHolder;
import io.cipherwatch.readiness.DayBucket;
import io.cipherwatch.readiness.DayBucketCodec;
import io.cipherwatch.readiness.OfferHistory;
import io.cipherwatch.readiness.ProbeResult;
import io.cipherwatch.readiness.Readiness;
import io.cipherwatch.readiness.TrunkInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The /api/readiness answers from raw readiness-state entries, and their routes. */
class ReadinessApiTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant AS_OF = Instant.parse("2026-03-15T12:00:00Z");
  static final int[] S = {0x0035, 0x003D, 0x009C, 0x009D, 0xC014, 0xC028, 0xC02F, 0xC030};
  final PolicyHolder policy = new PolicyHolder(ActivePolicy.defaults(new CipherPolicy(new int[] {0x003D, 0xC028}, S)));
  final ReadinessAnswers answers = new ReadinessAnswers(policy, new Readiness(Duration.ofDays(7), 0.001));

  static Map.Entry<byte[], byte[]> day(String trunk, int dir, int count, int chosen, int... offer) {
    long d = OfferHistory.epochDay(AS_OF.toEpochMilli());
    DayBucket b = new DayBucket(d);
    for (int i = 0; i < count; i++) {
      b.add(offer, offer.length, chosen, chosen < 0);
    }
    return new AbstractMap.SimpleEntry<>(DayBucketCodec.key(trunk, dir, d), DayBucketCodec.encode(b));
  }

  final List<Map.Entry<byte[], byte[]>> entries = List.of(
      day("a", 0, 2, 0x003D, 0x003D),
      day("a", 1, 1, 0xC030, 0xC030),
      day("b", 0, 3, 0xC030, 0xC030, 0x009C),
      day("c", 0, 1, 0xC028, 0xC028, 0xC030));
  final Map<String, TrunkInfo> meta = Map.of("a", new TrunkInfo("org-1", "One", "A", null),
      "b", new TrunkInfo("org-2", "Two", "B", null));

  JsonNode answer(int[] remove, String org) throws Exception {
    ApiResponse r = answers.answer(entries, meta::get, Map.of(), remove, org, AS_OF);
    assertEquals(200, r.status(), String.valueOf(r.body()));
    return JSON.readTree(Json.write(r.body()));
  }

  @Test
  void projectedReadyDatesPerSetForTheGauge() throws Exception {
    JsonNode body = JSON.readTree("{\"fleet\":{\"projectedReadyDate\":\"2026-04-01\"},\"candidateSets\":["
        + "{\"name\":\"cbc\",\"fleet\":{\"projectedReadyDate\":null}},"
        + "{\"name\":\"rsa\",\"fleet\":{\"projectedReadyDate\":\"2026-05-02\"}},"
        + "{\"name\":\"deprecated\",\"fleet\":{\"projectedReadyDate\":\"2030-01-01\"}}]}");
    assertEquals(Map.of("deprecated", Instant.parse("2026-04-01T00:00:00Z"), "rsa",
        Instant.parse("2026-05-02T00:00:00Z")), ReadinessAnswers.projectedReady(body));
    assertEquals(Map.of(), ReadinessAnswers.projectedReady(JSON.readTree("{\"fleet\":{}}")));
  }

  @Test
  void defaultRemovalIsThePolicysDeprecatedSetAndCandidateSetsGetAWhatIf() throws Exception {
    policy.apply(new ActivePolicy(3, new CipherPolicy(new int[] {0x003D, 0xC028}, S), LocalDate.of(2026, 6, 30),
        Map.of("ecdhe-gcm-256", new int[] {0xC030})));
    JsonNode n = answer(answers.removal(null), null);
    assertEquals("[\"0x003D\",\"0xC028\"]", n.get("remove").toString());
    assertEquals(7, n.at("/fleet/handshakes").asInt());
    assertEquals(2, n.at("/fleet/wouldBreak").asInt());
    assertEquals("org-1", n.at("/organizations/0/organizationId").asText());
    assertEquals("BREAKS", n.at("/organizations/0/verdict").asText());
    assertEquals(3, n.get("policyVersion").asInt());
    assertEquals("2026-06-30", n.get("plannedRemovalDate").asText());
    assertEquals(1, n.at("/forecast/series").size());
    JsonNode whatIf = n.at("/candidateSets/0");
    assertEquals("ecdhe-gcm-256", whatIf.get("name").asText());
    // removing 0xC030: a's outbound remote chose it (unverified), b keeps 0x009C (changes), c changes nothing
    assertEquals(0, whatIf.at("/fleet/wouldBreak").asInt());
    assertEquals(1, whatIf.at("/fleet/unverified").asInt());
    assertEquals(1, whatIf.at("/organizationsByVerdict/UNVERIFIED").asInt());
  }

  @Test
  void theLatestProbeSettlesAnOutboundVerdict() throws Exception {
    int[] remove = answers.removal("ECDHE-RSA-AES256-GCM-SHA384");
    ProbeResult refused = new ProbeResult("a", 1, new int[] {0x0035, 0x003D, 0x009C, 0x009D, 0xC014, 0xC028, 0xC02F},
        false, -1);
    ApiResponse r = answers.answer(entries, meta::get, Map.of("a", refused), remove, "org-1", AS_OF);
    JsonNode n = JSON.readTree(Json.write(r.body()));
    assertEquals("OUTBOUND", n.at("/trunks/0/direction").asText());
    assertEquals("BREAKS", n.at("/trunks/0/verdict").asText());
    assertEquals(1, n.at("/fleet/wouldBreak").asInt());
  }

  @Test
  void oneOrganizationOrA404AndAnExplicitRemovalList() throws Exception {
    JsonNode two = answer(answers.removal("0x003D,ECDHE-RSA-AES256-GCM-SHA384"), "org-2");
    assertEquals(1, two.get("trunks").size());
    assertEquals("CHANGES", two.at("/trunks/0/verdict").asText());
    ApiResponse missing = answers.answer(entries, meta::get, Map.of(), answers.removal(null), "org-9", AS_OF);
    assertEquals(404, missing.status());
    assertThrows(BadRequestException.class, () -> answers.removal("NOPE"));
  }

  @Test
  void rawBodiesRoundTripThroughJsonForForwarding() throws Exception {
    Object parsed = Json.read(new String(Json.write(ReadinessAnswers.rawBody(entries))));
    List<Map.Entry<byte[], byte[]>> back = ReadinessAnswers.entries(List.of(parsed, parsed));
    assertEquals(8, back.size());
    ApiResponse r = answers.answer(back, meta::get, Map.of(), answers.removal(null), null, AS_OF);
    assertEquals(14, JSON.readTree(Json.write(r.body())).at("/fleet/handshakes").asInt());
  }

  @Test
  void routesPassTheRemovalListAndTheOrganization() throws Exception {
    List<String> calls = new ArrayList<>();
    ApiQueries fake = new ApiQueries() {
      public ApiResponse fleet(boolean local) {
        return ApiResponse.ok(Map.of());
      }

      public ApiResponse trunk(String trunkId, boolean local) {
        return ApiResponse.ok(Map.of());
      }

      public ApiResponse alerts(AlertFilter filter, boolean local) {
        return ApiResponse.ok(Map.of());
      }

      @Override
      public ApiResponse readiness(String remove, String organizationId, boolean local) {
        calls.add(remove + "|" + organizationId + "|" + local);
        return ApiResponse.ok(Map.of());
      }
    };
    try (ApiServer server = ApiServer.start("127.0.0.1", 0, HttpLimits.defaults(), HttpTls.none(), Authenticator.none())) {
      server.attach(fake);
      HttpClient c = HttpClient.newHttpClient();
      for (String path : List.of("/api/readiness", "/api/readiness?remove=0x003D,0xC028",
          "/api/readiness/organizations/org%2F1", "/api/readiness?local=true")) {
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + " " + r.body());
      }
      HttpResponse<String> bad = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
          + "/api/readiness?bogus=1")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(400, bad.statusCode());
    }
    assertEquals(List.of("null|null|false", "0x003D,0xC028|null|false", "null|org/1|false", "null|null|true"),
        calls);
  }
}
