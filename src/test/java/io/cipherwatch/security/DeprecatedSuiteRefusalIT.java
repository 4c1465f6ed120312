package io.cipherwatch.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.serde.RegistryUnavailableException;
import io.cipherwatch.serde.SchemaRegistryClients;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real TLS server (openssl s_server on loopback) offering only the two suites this product exists to remove,
 * 0x003D (AES256-SHA256) and 0xC028 (ECDHE-RSA-AES256-SHA384), TLS 1.2 only: the JVM's defaults would connect,
 * cipherwatch's registry client and its Kafka clients (through {@link TlsClientDefaults}) refuse to.
 */
class DeprecatedSuiteRefusalIT {
  @TempDir
  static Path dir;
  static TestPki pki;
  static Process server;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    pki = TestPki.create(dir);
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    server = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:" + port, "-cert", pki.serverPem.toString(),
        "-key", pki.serverKey.toString(), "-cipher", "AES256-SHA256:ECDHE-RSA-AES256-SHA384", "-no_tls1_3", "-www")
        .redirectErrorStream(true).redirectOutput(dir.resolve("s_server.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Socket probe = new Socket("127.0.0.1", port)) {
        return;
      } catch (java.io.IOException notYet) {
        if (System.nanoTime() > deadline || !server.isAlive()) {
          throw new IllegalStateException("openssl s_server did not start", notYet);
        }
        Thread.sleep(50);
      }
    }
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (server != null) {
      server.destroy();
      server.waitFor(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void theJvmDefaultsWouldNegotiateADeprecatedSuite() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (InputStream in = java.nio.file.Files.newInputStream(pki.truststoreP12)) {
      trust.load(in, TestPki.PASSWORD.toCharArray());
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
      s.startHandshake();
      assertTrue(List.of("TLS_RSA_WITH_AES_256_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384")
          .contains(s.getSession().getCipherSuite()), s.getSession().getCipherSuite());
    }
  }

  @Test
  void theRegistryClientRefusesIt() {
    Map<String, Object> cfg = new HashMap<>();
    cfg.put("schema.registry.url", "https://127.0.0.1:" + port);
    cfg.put("schema.registry.ssl.truststore.location", pki.truststoreP12.toString());
    cfg.put("schema.registry.ssl.truststore.password", TestPki.PASSWORD);
    cfg.put("schema.registry.ssl.truststore.type", "PKCS12");
    RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class,
        () -> SchemaRegistryClients.fromConfig(cfg).getById(1));
    assertTrue(causedBy(e, SSLHandshakeException.class), "TLS handshake refused: " + e);
  }

  @Test
  void aKafkaClientWithCipherwatchsDefaultsRefusesIt() {
    Map<String, Object> cfg = new HashMap<>();
    cfg.put("bootstrap.servers", "127.0.0.1:" + port);
    cfg.put("security.protocol", "SSL");
    cfg.put("ssl.truststore.location", pki.truststoreP12.toString());
    cfg.put("ssl.truststore.password", TestPki.PASSWORD);
    cfg.put("ssl.truststore.type", "PKCS12");
    cfg.put("default.api.timeout.ms", "10000");
    cfg.put("request.timeout.ms", "5000");
    TlsClientDefaults.applyTo(cfg);
    assertEquals("TLSv1.3,TLSv1.2", cfg.get("ssl.enabled.protocols"));
    try (Admin admin = Admin.create(cfg)) {
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> admin.describeCluster().nodes().get(20, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof SslAuthenticationException, e.getCause().toString());
      assertTrue(causedBy(e, SSLHandshakeException.class), e.getCause().toString());
    }
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
