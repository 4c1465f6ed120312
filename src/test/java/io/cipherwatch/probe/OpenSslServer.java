package io.cipherwatch.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** A real {@code openssl s_server} on loopback with a self-signed certificate and a given TLS 1.2 cipher list. */
final class OpenSslServer implements AutoCloseable {
  final int port;
  private final Process process;

  private OpenSslServer(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  /** Generates a self-signed RSA certificate in {@code dir} (once) and starts a server accepting {@code ciphers}. */
  static OpenSslServer start(Path dir, String ciphers) throws Exception {
    requireOpenSsl();
    Path key = dir.resolve("key.pem");
    Path cert = dir.resolve("cert.pem");
    if (!Files.exists(cert)) {
      run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out",
          cert.toString(), "-days", "1", "-subj", "/CN=localhost");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = dir.resolve("s_server-" + port + ".log");
    Process p = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:" + port, "-cert", cert.toString(),
        "-key", key.toString(), "-cipher", ciphers, "-www")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    OpenSslServer server = new OpenSslServer(port, p);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        Assertions.fail("openssl s_server exited: " + Files.readString(log));
      }
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return server;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    server.close();
    throw new AssertionError("openssl s_server did not listen on " + port + " within 20 s: " + Files.readString(log));
  }

  private static void requireOpenSsl() {
    try {
      Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
      if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
        return;
      }
    } catch (IOException | InterruptedException e) {
      // reported below
    }
    String reason = "openssl is not installed: `apt-get install openssl`";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(reason + " — required when CI=true");
    }
    Assumptions.abort(reason);
  }

  private static void run(Path dir, String... cmd) throws Exception {
    List<String> c = new ArrayList<>(List.of(cmd));
    Process p = new ProcessBuilder(c).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      Assertions.fail(String.join(" ", cmd) + " failed: " + out);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
