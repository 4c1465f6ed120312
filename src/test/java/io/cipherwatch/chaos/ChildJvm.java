package io.cipherwatch.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A Java main class run as its own process on the test class path, its output appended to a log file. Signals are
 * sent with {@code kill} so a test can SIGKILL, SIGTERM, SIGSTOP and SIGCONT it like an operator would.
 */
final class ChildJvm {
  private final String name;
  private final List<String> command;
  private final Path log;
  private Process process;
  private CountDownLatch ready;

  ChildJvm(String name, List<String> jvmOptions, String mainClass, List<String> args, Path log) {
    this.name = name;
    this.log = log;
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(testClassPath());
    cmd.add(mainClass);
    cmd.addAll(args);
    this.command = List.copyOf(cmd);
  }

  /** The class path of this test JVM (failsafe's booter jar only references it in its manifest). */
  static String testClassPath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }

  /** Starts the process; {@link #awaitLine} can wait for a line starting with {@code readyPrefix}. */
  synchronized void start(String readyPrefix) {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
    }
    CountDownLatch latch = new CountDownLatch(1);
    try {
      Files.createDirectories(log.getParent());
      Files.writeString(log, "=== start " + java.time.Instant.now() + ": " + String.join(" ", command.subList(0, 3))
          + " ... " + command.subList(command.indexOf("-cp") + 2, command.size()) + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + name, e);
    }
    ready = latch;
    Process p = process;
    // never leave a broker or instance behind when the test JVM goes away
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, name + "-reaper"));
    Thread pump = new Thread(() -> pump(p, readyPrefix, latch), name + "-log");
    pump.setDaemon(true);
    pump.start();
  }

  private void pump(Process p, String readyPrefix, CountDownLatch latch) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND), true)) {
      String line;
      while ((line = in.readLine()) != null) {
        out.println(line);
        if (readyPrefix != null && line.startsWith(readyPrefix)) {
          latch.countDown();
        }
      }
      out.println("=== exited " + java.time.Instant.now());
    } catch (IOException e) {
      // the process is gone; its log ends here
    }
  }

  /** Waits for the ready line; fails with the log's tail if the process exits or the timeout passes. */
  void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready.await(200, TimeUnit.MILLISECONDS)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready; log "
            + log + ":\n" + tail(40));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + " not ready within " + timeout + "; log " + log + ":\n" + tail(40));
      }
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  void signal(String signal) {
    signal(process.pid(), signal);
  }

  static void signal(long pid, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits for the process to exit; returns its exit code, or -1 if it is still running after the timeout. */
  int awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  /** SIGKILLs the process if it is still running (clean-up). */
  void destroy() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** The last {@code max} ERROR and "Caused by" lines of the log (what made a process exit). */
  String errors(int max) {
    try {
      List<String> hits = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
          .filter(l -> l.contains(" ERROR ") || l.startsWith("Caused by") || l.startsWith("=== "))
          .map(l -> l.length() > 400 ? l.substring(0, 400) + "..." : l).toList();
      return String.join("\n", hits.subList(Math.max(0, hits.size() - max), hits.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log: " + e + ")";
    }
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }
}
