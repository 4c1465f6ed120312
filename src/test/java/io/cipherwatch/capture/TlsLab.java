package io.cipherwatch.capture;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real TLS on loopback for integration tests: a self-signed certificate, openssl/gnutls servers and clients,
 * tcpdump recording, tshark dissection. Every process is bounded in time and ended by the lab.
 */
final class TlsLab implements AutoCloseable {
  final Path dir;
  final Path cert;
  final Path key;
  private final List<Process> processes = new ArrayList<>();

  TlsLab(Path dir) throws Exception {
    this.dir = dir;
    this.cert = dir.resolve("cert.pem");
    this.key = dir.resolve("key.pem");
    run(30, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out",
        cert.toString(), "-days", "2", "-subj", "/CN=sip.test");
  }

  /** A free-looking port base for this run (ports base..base+19 are used). */
  static int portBase() {
    return 20000 + (int) (ProcessHandle.current().pid() % 400) * 20;
  }

  /** Starts a process and waits (at most 15 s) until it prints a line containing {@code ready}. */
  Process start(String ready, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    processes.add(p);
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    StringBuilder seen = new StringBuilder();
    Thread drain = null;
    while (System.nanoTime() < deadline) {
      String line = r.readLine();
      if (line == null) {
        throw new IllegalStateException(String.join(" ", cmd) + " exited before ready: " + seen);
      }
      seen.append(line).append('\n');
      if (line.contains(ready)) {
        drain = new Thread(() -> {
          try {
            while (r.readLine() != null) {
              // keep the pipe drained
            }
          } catch (IOException e) {
            // the process ended
          }
        });
        drain.setDaemon(true);
        drain.start();
        return p;
      }
    }
    throw new IllegalStateException(String.join(" ", cmd) + " not ready in 15 s: " + seen);
  }

  /** Runs a command to its end (at most {@code seconds}) with stdin closed; returns its output. */
  static String run(int seconds, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
        new java.io.File("/dev/null"))).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", cmd) + " did not finish in " + seconds + " s");
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  /** Starts tcpdump on lo writing {@code file}, waiting until it listens. */
  Process tcpdump(Path file, String filter) throws Exception {
    return start("listening on", "tcpdump", "-i", "lo", "--immediate-mode", "-U", "-n", "-w", file.toString(),
        filter);
  }

  /** Stops tcpdump (SIGTERM: it flushes and closes the file). */
  static void stop(Process p) throws InterruptedException {
    Thread.sleep(1500); // let the last packets reach the file
    p.destroy();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
  }

  /** An openssl s_server on {@code port} for one connection, with extra arguments. */
  Process opensslServer(int port, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("openssl", "s_server", "-accept", String.valueOf(port), "-cert",
        cert.toString(), "-key", key.toString(), "-naccept", "1"));
    cmd.addAll(List.of(args));
    return start("ACCEPT", cmd.toArray(String[]::new));
  }

  /** A gnutls-serv on {@code port} with a priority string. */
  Process gnutlsServer(int port, String priority) throws Exception {
    return start("listening", "gnutls-serv", "--port", String.valueOf(port), "--x509certfile", cert.toString(),
        "--x509keyfile", key.toString(), "--priority", priority);
  }

  /** An openssl s_client handshake to {@code port}; then it closes (stdin is empty). */
  static String opensslClient(int port, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port));
    cmd.addAll(List.of(args));
    return run(20, cmd.toArray(String[]::new));
  }

  /** A gnutls-cli handshake to {@code port} with a priority string. */
  static String gnutlsClient(int port, String priority) throws Exception {
    return run(20, "gnutls-cli", "--insecure", "--port", String.valueOf(port), "--priority", priority,
        "127.0.0.1");
  }

  /** A relay on {@code port} to {@code target} whose listening socket advertises a 536-byte MSS. */
  Process smallMssRelay(int port, int target) throws Exception {
    String py = String.join("\n",
        "import socket, sys, threading",
        "ls = socket.socket()",
        "ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
        "ls.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, 536)",
        "ls.bind(('127.0.0.1', int(sys.argv[1])))",
        "ls.listen(1)",
        "ls.settimeout(30)",
        "print('relay listening', flush=True)",
        "c, _ = ls.accept()",
        "u = socket.create_connection(('127.0.0.1', int(sys.argv[2])))",
        "def pump(a, b):",
        "    try:",
        "        while True:",
        "            d = a.recv(65536)",
        "            if not d:",
        "                break",
        "            b.sendall(d)",
        "    except OSError:",
        "        pass",
        "    try:",
        "        b.shutdown(socket.SHUT_WR)",
        "    except OSError:",
        "        pass",
        "t = threading.Thread(target=pump, args=(u, c))",
        "t.start()",
        "pump(c, u)",
        "t.join(10)");
    return start("relay listening", "python3", "-c", py, String.valueOf(port), String.valueOf(target));
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.destroy();
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
