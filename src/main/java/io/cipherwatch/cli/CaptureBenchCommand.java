package io.cipherwatch.cli;

import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.capture.CaptureSession;
import io.cipherwatch.capture.EventFactory;
import io.cipherwatch.capture.HandshakeSink;
import io.cipherwatch.capture.JsonlSink;
import io.cipherwatch.capture.endpoint.AddressPattern;
import io.cipherwatch.capture.endpoint.EndpointTable;
import io.cipherwatch.capture.pcap.CaptureFileReader;
import io.cipherwatch.capture.synth.SyntheticCapture;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench capture}: generates a large capture and measures {@code capture} against {@code tshark -T fields}
 * extracting the same fields from the same file, as handshakes/s and their ratio in one run.
 */
@Command(name = "capture", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Benchmarks 'capture' on a generated capture against tshark's dissection of the same file.",
        "Prints handshakes/s of both (one capture thread) and the ratio."})
public final class CaptureBenchCommand implements Callable<Integer> {
  /** The tshark fields that correspond to what capture extracts. */
  static final List<String> TSHARK_FIELDS = List.of("frame.time_epoch", "ip.src", "tcp.srcport", "ip.dst",
      "tcp.dstport", "tls.handshake.type", "tls.handshake.ciphersuite", "tls.handshake.extensions_server_name",
      "tls.handshake.extensions.supported_version", "tls.alert_message.desc");

  @Option(names = "--handshakes", defaultValue = "100000", paramLabel = "N",
      description = "Handshakes in the generated capture (default: ${DEFAULT-VALUE}).")
  long handshakes;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where to write the capture (default: a temp dir).")
  Path dir;

  @Option(names = "--rounds", defaultValue = "5", paramLabel = "N",
      description = "capture runs; the best counts, the first warms up the JIT (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--no-tshark", description = "Measure capture only.")
  boolean noTshark;

  @Override
  public Integer call() throws Exception {
    if (handshakes < 1 || rounds < 1) {
      System.err.println("--handshakes and --rounds must be at least 1");
      return 2;
    }
    PrintStream o = System.out;
    Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("cipherwatch-capture-bench");
    Path file = work.resolve("handshakes.pcap");
    long t0 = System.nanoTime();
    SyntheticCapture.Result gen = SyntheticCapture.write(file, handshakes, 42);
    o.printf("bench capture: generated %,d handshakes (%,d frames, %,d MB) in %s%n", gen.handshakes(), gen.frames(),
        Files.size(file) >> 20, DurationConverter.format(Duration.ofNanos(System.nanoTime() - t0)));
    double[] best = {0, 0};
    double bestParse = 0;
    for (int r = 0; r < rounds; r++) {
      Path jsonl = work.resolve("events.jsonl");
      double[] rate = run(file, new JsonlSink(Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8)), gen);
      double[] parse = run(file, new CountingSink(), gen);
      if (rate == null || parse == null) {
        return 1;
      }
      if (rate[0] > best[0]) {
        best = rate;
      }
      bestParse = Math.max(bestParse, parse[0]);
      o.printf("  capture round %d: %,.0f handshakes/s to JSONL (%,.0f per process CPU second), %,.0f/s parse"
          + " only%n", r + 1, rate[0], rate[1], parse[0]);
    }
    o.printf("capture: %,.0f handshakes/s on one core (capture thread CPU time, JSONL out; %,.0f per process CPU"
        + " second with GC and JIT); %,.0f handshakes/s without output%n", best[0], best[1], bestParse);
    if (!noTshark) {
      double tshark = tshark(file, work.resolve("tshark.tsv"), gen.handshakes());
      if (tshark < 0) {
        return 1;
      }
      o.printf("tshark -T fields: %,.0f handshakes/s%n", tshark);
      o.printf("ratio capture/tshark: %.1fx (goal >= 20x; capture goal >= 200,000 handshakes/s)%n", best[0] / tshark);
    }
    if (dir == null) {
      for (File f : work.toFile().listFiles()) {
        Files.delete(f.toPath());
      }
      Files.delete(work);
    }
    return 0;
  }

  /** CPU time of this process (all threads: GC and JIT included). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * Runs capture over the file: {handshakes per CPU second of the capture thread, per CPU second of the whole
   * process}, or null (reported) when it found the wrong number.
   */
  private static double[] run(Path file, HandshakeSink sink, SyntheticCapture.Result gen) throws IOException {
    EndpointTable<Boolean> edges = new EndpointTable<>();
    edges.put(AddressPattern.parse("10.0.0.1:5061"), Boolean.TRUE);
    EventFactory events = new EventFactory("bench-edge", edges, new EndpointTable<>());
    CaptureSession session = new CaptureSession(events, sink, CaptureSession.DEFAULT_TIMEOUT);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long thread = threads.getCurrentThreadCpuTime();
    long process = processCpuNanos();
    CaptureFileReader.Result r = CaptureFileReader.read(file, session);
    session.finish();
    sink.close();
    thread = threads.getCurrentThreadCpuTime() - thread;
    process = processCpuNanos() - process;
    CaptureSession.Summary s = session.summary();
    if (r.problem() != null || s.established() != gen.established() || s.failed() != gen.failed()) {
      System.err.println("bench capture: capture found " + s.format() + " but the file holds " + gen
          + (r.problem() == null ? "" : "; " + r.problem()));
      return null;
    }
    return new double[] {s.handshakes() * 1e9 / thread, s.handshakes() * 1e9 / Math.max(1, process)};
  }

  /**
   * Runs tshark over the file (under bash's {@code time}, which reports the child's CPU time); handshakes per CPU
   * second, or -1 (reported) when it failed.
   */
  private static double tshark(Path file, Path output, long handshakes) throws IOException, InterruptedException {
    StringBuilder cmd = new StringBuilder("TIMEFORMAT='%3U %3S'; time tshark -n -r '" + file + "' -Y"
        + " 'tls.handshake.type == 1 || tls.handshake.type == 2 || tls.alert_message' -T fields");
    for (String f : TSHARK_FIELDS) {
      cmd.append(" -e ").append(f);
    }
    cmd.append(" > '").append(output).append("' 2>/dev/null");
    Process p = new ProcessBuilder("bash", "-c", cmd.toString()).redirectErrorStream(true).start();
    String times = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    int rc = p.waitFor();
    String[] parts = times.split("\\s+");
    if (rc != 0 || parts.length != 2) {
      System.err.println("bench capture: tshark failed (exit " + rc + ", " + times + "): install Debian's tshark,"
          + " or pass --no-tshark");
      return -1;
    }
    double seconds = Double.parseDouble(parts[0]) + Double.parseDouble(parts[1]);
    long lines;
    try (var l = Files.lines(output)) {
      lines = l.count();
    }
    if (lines < handshakes) {
      System.err.println("bench capture: tshark printed " + lines + " lines for " + handshakes + " handshakes");
      return -1;
    }
    return handshakes / seconds;
  }

  /** Counts events; the parse-only measurement. */
  private static final class CountingSink implements HandshakeSink {
    private long n;

    @Override
    public void accept(HandshakeEvent event) {
      n++;
    }

    @Override
    public void close() {}
  }
}
