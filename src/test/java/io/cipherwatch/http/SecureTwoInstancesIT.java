package io.cipherwatch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cipherwatch.app.CipherwatchApp;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances with HTTPS and bearer tokens on the API: a trunk owned by the other instance is forwarded over
 * TLS with the caller's token, fan-out answers are complete on both, and nothing answers without a token.
 */
class SecureTwoInstancesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "it-token-5f2c9a";

  @TempDir Path dir;

  @Test
  void forwardingAndFanOutWorkOverTlsWithTheCallersToken() throws Exception {
    TestCerts certs = TestCerts.create(dir);
    Path tokens = Files.writeString(dir.resolve("tokens"), "# callers\n" + TOKEN + "\n");
    Map<String, String> secure = Map.of(
        "cipherwatch.http.auth.token-file", tokens.toString(),
        "cipherwatch.http.tls.keystore", certs.keystore().toString(),
        "cipherwatch.http.tls.keystore-password", "file:" + certs.passwordFile(),
        "cipherwatch.http.tls.truststore", certs.truststore().toString(),
        "cipherwatch.http.tls.truststore-password", TestCerts.PASSWORD);
    HttpClient client = HttpClient.newBuilder().sslContext(trusting(certs.truststore()))
        .connectTimeout(Duration.ofSeconds(5)).build();
    try (AppFixture fixture = AppFixture.start()) {
      CipherwatchApp a = fixture.startApp(secure);
      CipherwatchApp b = fixture.startApp(secure);
      AppFixture.awaitReady(a, Duration.ofSeconds(120));
      AppFixture.awaitReady(b, Duration.ofSeconds(120));
      Scenario scenario = Scenario.standard(Instant.now());
      fixture.sendMetadata(scenario);
      fixture.sendEvents(scenario);
      fixture.tick(Instant.now());
      AppFixture.await(Duration.ofSeconds(120), "both instances RUNNING with the input partitions split", () -> {
        Set<Integer> pa = AppFixture.activeInputPartitions(a);
        Set<Integer> pb = AppFixture.activeInputPartitions(b);
        Set<Integer> all = new HashSet<>(pa);
        all.addAll(pb);
        return AppFixture.running(a) && AppFixture.running(b) && !pa.isEmpty() && !pb.isEmpty()
            && all.size() == AppFixture.PARTITIONS;
      });
      // a trunk and the instance that does not own it: that one must forward
      String remote = scenario.trunks().get(0);
      Set<Integer> ownedByA = AppFixture.activeInputPartitions(a);
      CipherwatchApp owner = ownedByA.contains(AppFixture.partitionOf(remote)) ? a : b;
      CipherwatchApp asker = owner == a ? b : a;
      Set<Integer> owned = AppFixture.activeInputPartitions(owner);
      String trunkPath = "/api/trunks/" + UrlCodec.encodeSegment(remote);
      JsonNode[] forwarded = new JsonNode[1];
      AppFixture.await(Duration.ofSeconds(90), "the other instance answers with the owner's answer (over TLS)",
          () -> {
            HttpResponse<String> r = get(client, asker, trunkPath, TOKEN);
            JsonNode direct = JSON.readTree(get(client, owner, trunkPath, TOKEN).body());
            forwarded[0] = r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
            boolean hasData = direct.path("alerts").size() > 0 || !direct.path("usage").path("INBOUND").isNull()
                || !direct.path("usage").path("OUTBOUND").isNull();
            return hasData && direct.equals(forwarded[0]);
          });
      assertEquals(owned, AppFixture.activeInputPartitions(owner),
          "the owner kept the trunk: the answer was forwarded");
      AppFixture.await(Duration.ofSeconds(60), "fan-out answers on both", () -> {
        for (CipherwatchApp app : List.of(a, b)) {
          HttpResponse<String> alerts = get(client, app, "/api/alerts", TOKEN);
          if (alerts.statusCode() != 200 || JSON.readTree(alerts.body()).path("count").asInt() == 0) {
            return false;
          }
        }
        return JSON.readTree(get(client, a, "/api/alerts", TOKEN).body())
            .equals(JSON.readTree(get(client, b, "/api/alerts", TOKEN).body()));
      });
      // readiness fans out with the caller's token too: both instances give the whole fleet's count
      AppFixture.await(Duration.ofSeconds(60), "readiness on both", () -> {
        List<Long> handshakes = new ArrayList<>();
        for (CipherwatchApp app : List.of(a, b)) {
          HttpResponse<String> r = get(client, app, "/api/readiness", TOKEN);
          if (r.statusCode() != 200) {
            assertEquals(503, r.statusCode(), r.body());
            return false;
          }
          handshakes.add(JSON.readTree(r.body()).path("fleet").path("handshakes").asLong());
        }
        return handshakes.get(0) > 0 && handshakes.get(0).equals(handshakes.get(1));
      });
      for (CipherwatchApp app : List.of(a, b)) {
        for (String path : List.of("/api/fleet", "/api/alerts", "/api/readiness", trunkPath)) {
          assertEquals(401, get(client, app, path, null).statusCode(), path);
          assertEquals(401, get(client, app, path, "not-" + TOKEN).statusCode(), path);
        }
      }
      assertTrue(forwarded[0].path("trunkId").asText().equals(remote), forwarded[0].toString());
    }
  }

  private static HttpResponse<String> get(HttpClient client, CipherwatchApp app, String path, String token)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + app.httpPort() + path))
        .timeout(Duration.ofSeconds(20));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static SSLContext trusting(Path truststore) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(truststore)) {
      ks.load(in, TestCerts.PASSWORD.toCharArray());
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }
}
