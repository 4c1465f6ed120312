package io.cipherwatch.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed RSA certificate for {@code localhost} / {@code 127.0.0.1}, made at test time with the JDK's
 * {@code keytool}: {@code keystore.p12} (key + certificate) and {@code truststore.p12} (the certificate), both
 * protected by {@link #PASSWORD}.
 */
public record TestCerts(Path keystore, Path truststore) {
  public static final String PASSWORD = "test-store-password-41";

  /** Creates both stores in {@code dir}. */
  public static TestCerts create(Path dir) throws IOException, InterruptedException {
    Path ks = dir.resolve("keystore.p12");
    Path ts = dir.resolve("truststore.p12");
    Path cert = dir.resolve("cert.pem");
    keytool("-genkeypair", "-alias", "cipherwatch", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
        "-keystore", ks.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
    keytool("-exportcert", "-rfc", "-alias", "cipherwatch", "-keystore", ks.toString(), "-storepass", PASSWORD,
        "-file", cert.toString());
    keytool("-importcert", "-noprompt", "-alias", "cipherwatch", "-file", cert.toString(), "-storetype", "PKCS12",
        "-keystore", ts.toString(), "-storepass", PASSWORD);
    return new TestCerts(ks, ts);
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool " + args[0] + " failed: " + out);
    }
  }

  /** Writes {@link #PASSWORD} to a file (as a Kubernetes Secret would mount it). */
  public Path passwordFile() throws IOException {
    return Files.writeString(keystore.resolveSibling("store-password"), PASSWORD + "\n");
  }
}
