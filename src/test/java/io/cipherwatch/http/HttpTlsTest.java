package io.cipherwatch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.config.ConfigException;
import io.cipherwatch.security.TlsDefaults;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS of the API listener and of forwarding, with certificates made at test time: HTTPS with a token, forwarding
 * over TLS carrying the caller's token, and the two deprecated suites (0x003D, 0xC028) refused both ways.
 */
class HttpTlsTest {
  /** 0x003D and 0xC028, the suites this product exists to remove. */
  static final String[] LEGACY = {"TLS_RSA_WITH_AES_256_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"};

  @TempDir static Path dir;
  static TestCerts certs;
  static HttpTls tls;

  @BeforeAll
  static void certificates() throws Exception {
    certs = TestCerts.create(dir);
    tls = HttpTls.from(CipherwatchConfig.of(Map.of(
        "cipherwatch.http.tls.keystore", certs.keystore().toString(),
        "cipherwatch.http.tls.keystore-password", "file:" + certs.passwordFile(),
        "cipherwatch.http.tls.truststore", certs.truststore().toString(),
        "cipherwatch.http.tls.truststore-password", TestCerts.PASSWORD)));
  }

  private static SSLContext context(boolean withKey) throws Exception {
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(withKey ? certs.keystore() : certs.truststore())) {
      ks.load(in, TestCerts.PASSWORD.toCharArray());
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    if (withKey) {
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, TestCerts.PASSWORD.toCharArray());
      ctx.init(kmf.getKeyManagers(), null, null);
    } else {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      ctx.init(null, tmf.getTrustManagers(), null);
    }
    return ctx;
  }

  private static HttpClient trustingClient() throws Exception {
    return HttpClient.newBuilder().sslContext(context(false)).connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** Queries that answer {@code local=true} themselves and forward anything else to {@code peer}. */
  private static ApiQueries forwardingTo(HostInfo peer, Forwarder forwarder, List<String> seen) {
    return new ApiQueries() {
      @Override
      public ApiResponse fleet(boolean local) {
        if (local) {
          return ApiResponse.ok(Map.of("fleet", Map.of("from", "peer")));
        }
        return forwarder.get(peer, "/api/fleet?local=true").join();
      }

      @Override
      public ApiResponse trunk(String trunkId, boolean local) {
        return ApiResponse.error(404, "Unknown trunk");
      }

      @Override
      public ApiResponse alerts(AlertFilter filter, boolean local) {
        return ApiResponse.ok(Map.of("count", 0));
      }

      @Override
      public ApiQueries forCaller(String authorization) {
        seen.add(authorization);
        return forwardingTo(peer, forwarder.withAuthorization(authorization), seen);
      }
    };
  }

  @Test
  void httpsWithATokenAndForwardingOverTlsCarriesTheToken() throws Exception {
    Path tokens = Files.writeString(dir.resolve("tokens"), "dashboard-token-123\n");
    Forwarder forwarder = new Forwarder(Duration.ofSeconds(3), tls);
    List<String> seenByB = new CopyOnWriteArrayList<>();
    try (ApiServer b = ApiServer.start("127.0.0.1", 0, HttpLimits.defaults(), tls,
            Authenticator.fromFiles(tokens.toString(), null));
        ApiServer a = ApiServer.start("127.0.0.1", 0, HttpLimits.defaults(), tls,
            Authenticator.fromFiles(tokens.toString(), null))) {
      b.attach(forwardingTo(null, forwarder, seenByB));
      a.attach(forwardingTo(new HostInfo("127.0.0.1", b.port()), forwarder, new CopyOnWriteArrayList<>()));
      HttpClient client = trustingClient();
      URI fleet = URI.create("https://127.0.0.1:" + a.port() + "/api/fleet");
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(fleet)
          .header("Authorization", "Bearer dashboard-token-123").build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().contains("peer"), "answered by B through A: " + r.body());
      assertEquals(List.of("Bearer dashboard-token-123"), seenByB, "B was called with the caller's token");
      assertEquals(401, client.send(HttpRequest.newBuilder(fleet).build(), HttpResponse.BodyHandlers.ofString())
          .statusCode());
      assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + a.port() + "/api/fleet")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString()), "no plain HTTP on the TLS port");
    }
  }

  /** A one-connection-at-a-time HTTPS server offering only {@code suites} over TLS 1.2; records handshake errors. */
  private static final class JsseServer implements AutoCloseable {
    final SSLServerSocket socket;
    final List<Throwable> failures = new CopyOnWriteArrayList<>();

    JsseServer(String... suites) throws Exception {
      socket = (SSLServerSocket) context(true).getServerSocketFactory().createServerSocket(0, 50,
          InetAddress.getLoopbackAddress());
      socket.setEnabledProtocols(new String[] {"TLSv1.2"});
      socket.setEnabledCipherSuites(suites);
      Thread t = new Thread(this::serve, "jsse-test-server");
      t.setDaemon(true);
      t.start();
    }

    private void serve() {
      while (!socket.isClosed()) {
        try (SSLSocket s = (SSLSocket) socket.accept()) {
          try {
            s.startHandshake();
            s.getInputStream().read(new byte[4096]);
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n"
                + "Connection: close\r\n\r\n{\"ok\":true}").getBytes(StandardCharsets.US_ASCII));
            out.flush();
          } catch (IOException e) {
            failures.add(e);
          }
        } catch (IOException closed) {
          return;
        }
      }
    }

    HostInfo host() {
      return new HostInfo("127.0.0.1", socket.getLocalPort());
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  @Test
  void theForwardingClientRefusesAServerOfferingOnly0x003DAnd0xC028() throws Exception {
    Forwarder forwarder = new Forwarder(Duration.ofSeconds(3), tls);
    try (JsseServer legacy = new JsseServer(LEGACY)) {
      // the JVM's defaults would connect: the refusal comes from cipherwatch's suite list
      try (SSLSocket plain = (SSLSocket) context(false).getSocketFactory().createSocket("127.0.0.1",
          legacy.socket.getLocalPort())) {
        plain.startHandshake();
        assertTrue(List.of(LEGACY).contains(plain.getSession().getCipherSuite()), plain.getSession().getCipherSuite());
      }
      ApiResponse r = forwarder.get(legacy.host(), "/api/fleet?local=true").join();
      assertEquals(503, r.status());
      assertTrue(r.errorMessage().contains("TLS handshake failed"), r.errorMessage());
      // the server's thread records its side of the refused handshake on its own time: wait for it
      AppFixture.await(Duration.ofSeconds(5), "the server's SSLHandshakeException",
          () -> legacy.failures.stream().anyMatch(e -> e instanceof SSLHandshakeException));
    }
    try (JsseServer modern = new JsseServer("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")) {
      assertEquals(200, forwarder.get(modern.host(), "/api/fleet?local=true").join().status(), "control");
    }
  }

  @Test
  void theApiListenerRefusesAClientOfferingOnly0x003DAnd0xC028() throws Exception {
    try (ApiServer api = ApiServer.start("127.0.0.1", 0, HttpLimits.defaults(), tls, Authenticator.none())) {
      try (SSLSocket s = (SSLSocket) context(false).getSocketFactory().createSocket("127.0.0.1", api.port())) {
        s.setEnabledProtocols(new String[] {"TLSv1.2"});
        s.setEnabledCipherSuites(LEGACY);
        assertThrows(SSLHandshakeException.class, s::startHandshake);
      }
      try (SSLSocket s = (SSLSocket) context(false).getSocketFactory().createSocket("127.0.0.1", api.port())) {
        s.startHandshake();
        assertTrue(TlsDefaults.CIPHER_SUITES.contains(s.getSession().getCipherSuite()), s.getSession().getCipherSuite());
        assertTrue(TlsDefaults.PROTOCOLS.contains(s.getSession().getProtocol()));
      }
    }
  }

  @Test
  void aWrongStorePasswordIsAStartUpErrorWithoutThePassword() {
    ConfigException e = assertThrows(ConfigException.class, () -> HttpTls.from(CipherwatchConfig.of(Map.of(
        "cipherwatch.http.tls.keystore", certs.keystore().toString(),
        "cipherwatch.http.tls.keystore-password", "Wrong-Password-77"))));
    assertTrue(e.getMessage().contains("cipherwatch.http.tls.keystore"), e.getMessage());
    assertFalse(e.getMessage().contains("Wrong-Password-77"), e.getMessage());
    ConfigException none = assertThrows(ConfigException.class, () -> HttpTls.from(CipherwatchConfig.of(Map.of(
        "cipherwatch.http.tls.cipher-suites", "TLS_NO_SUCH_SUITE"))));
    assertTrue(none.getMessage().contains("cipherwatch.http.tls.cipher-suites"), none.getMessage());
  }
}
