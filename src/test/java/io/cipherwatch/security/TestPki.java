package io.cipherwatch.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI made with openssl at test time: a CA, a server certificate for {@code localhost} and
 * {@code 127.0.0.1} (RSA, so a test server can also offer RSA-only suites) and a client certificate, as PEM files
 * (for nginx and openssl) and PKCS12 stores (for Java and Kafka), all protected by {@link #PASSWORD}.
 */
public final class TestPki {
  /** Password of every store and key. */
  public static final String PASSWORD = "test-store-pass";

  public final Path caPem;
  public final Path serverPem;
  public final Path serverKey;
  public final Path serverP12;
  public final Path clientP12;
  public final Path truststoreP12;

  private TestPki(Path dir) {
    caPem = dir.resolve("ca.pem");
    serverPem = dir.resolve("server.pem");
    serverKey = dir.resolve("server.key");
    serverP12 = dir.resolve("server.p12");
    clientP12 = dir.resolve("client.p12");
    truststoreP12 = dir.resolve("truststore.p12");
  }

  /** Generates everything into {@code dir} (about a second). */
  public static TestPki create(Path dir) throws IOException, InterruptedException, GeneralSecurityException {
    TestPki p = new TestPki(dir);
    Path caKey = dir.resolve("ca.key");
    openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey.toString(), "-out", p.caPem.toString(),
        "-days", "2", "-subj", "/CN=cipherwatch-test-ca", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    leaf(dir, "server", "/CN=localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n",
        caKey, p.caPem);
    leaf(dir, "client", "/CN=cipherwatch-client", "extendedKeyUsage=clientAuth\n", caKey, p.caPem);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(p.caPem)) {
      trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    try (OutputStream out = Files.newOutputStream(p.truststoreP12)) {
      trust.store(out, PASSWORD.toCharArray());
    }
    return p;
  }

  private static void leaf(Path dir, String name, String subject, String ext, Path caKey, Path caPem)
      throws IOException, InterruptedException {
    Path key = dir.resolve(name + ".key");
    Path csr = dir.resolve(name + ".csr");
    Path pem = dir.resolve(name + ".pem");
    Path extFile = dir.resolve(name + ".ext");
    Files.writeString(extFile, ext);
    openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", csr.toString(),
        "-subj", subject);
    openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", caPem.toString(), "-CAkey", caKey.toString(),
        "-CAcreateserial", "-out", pem.toString(), "-days", "2", "-extfile", extFile.toString());
    openssl(dir, "pkcs12", "-export", "-in", pem.toString(), "-inkey", key.toString(), "-certfile", caPem.toString(),
        "-name", name, "-out", dir.resolve(name + ".p12").toString(), "-passout", "pass:" + PASSWORD);
  }

  /** Runs openssl in {@code dir}; fails with its output when it fails. */
  public static String openssl(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + out);
    }
    return out;
  }
}
