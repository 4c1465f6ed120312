package io.cipherwatch.cli;

import io.cipherwatch.capture.CaptureSession;
import io.cipherwatch.capture.EventFactory;
import io.cipherwatch.capture.HandshakeSink;
import io.cipherwatch.capture.JsonlSink;
import io.cipherwatch.capture.endpoint.AddressPattern;
import io.cipherwatch.capture.endpoint.EndpointTable;
import io.cipherwatch.capture.endpoint.TrunkFile;
import io.cipherwatch.capture.kafka.KafkaHandshakeSink;
import io.cipherwatch.capture.live.LiveCapture;
import io.cipherwatch.capture.pcap.CaptureFileReader;
import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.config.ConfigException;
import io.cipherwatch.config.Settings;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code capture}: TLS handshakes from packet captures or a live interface, to JSONL or the Kafka input topic. */
@Command(name = "capture", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Reads TLS handshakes from pcap/pcapng files (gzip too) or a live interface and writes one",
        "HandshakeEvent per handshake: JSONL for 'replay --events' (--out), or Avro to the input topic (--config)."})
public final class CaptureCommand implements Callable<Integer> {
  @Option(names = "--pcap", arity = "1..*", paramLabel = "FILE",
      description = "Capture files (pcap or pcapng, optionally gzip-compressed), read in order as one capture.")
  List<Path> pcap;

  @Option(names = "--interface", paramLabel = "NAME",
      description = "Capture live from this interface (needs CAP_NET_RAW and CAP_NET_ADMIN).")
  String iface;

  @Option(names = "--filter", defaultValue = "tcp port 5061", paramLabel = "BPF",
      description = "Live capture filter (default: ${DEFAULT-VALUE}).")
  String filter;

  @Option(names = "--edge", required = true, split = ",", paramLabel = "ADDR",
      description = "The platform's own TLS listeners: ip, ip:port or CIDR[:port] (e.g. 10.0.0.0/24:5061). A"
          + " handshake to one is INBOUND, any other OUTBOUND.")
  List<String> edge;

  @Option(names = "--trunks", paramLabel = "FILE.csv",
      description = "Trunk mapping, header 'trunkId,remote' (remote: ip, ip:port or CIDR); unmatched remotes get"
          + " trunkId ip:<remote ip>.")
  Path trunks;

  @Option(names = "--edge-id", paramLabel = "ID", description = "edgeId of the events (default: the host name).")
  String edgeId;

  @Option(names = "--out", paramLabel = "FILE.jsonl", description = "Write events as JSONL ('-' for stdout).")
  Path out;

  @Option(names = "--config", paramLabel = "app.properties",
      description = "Publish to Kafka with the Kafka and schema-registry keys of this file (as for 'run').")
  Path config;

  @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "A handshake idle this long (capture time) is FAILED with 'timeout' (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "Live capture: stop after this long (default: until Ctrl-C).")
  Duration duration;

  @Option(names = "--summary-every", defaultValue = "10s", converter = DurationConverter.class,
      paramLabel = "DURATION", description = "Live capture: summary interval (default: ${DEFAULT-VALUE}).")
  Duration summaryEvery;

  @Override
  public Integer call() {
    if ((pcap == null) == (iface == null)) {
      return usage("Give either --pcap FILE... or --interface NAME");
    }
    if ((out == null) == (config == null)) {
      return usage("Give either --out FILE.jsonl or --config app.properties (to publish to Kafka)");
    }
    for (Path p : pcap == null ? List.<Path>of() : pcap) {
      if (!Files.isReadable(p)) {
        return usage("Cannot read " + p + ": check the path and permissions.");
      }
    }
    EventFactory events;
    try {
      EndpointTable<Boolean> edges = new EndpointTable<>();
      for (String e : edge) {
        edges.put(AddressPattern.parse(e), Boolean.TRUE);
      }
      EndpointTable<String> trunkTable = trunks == null ? new EndpointTable<>() : TrunkFile.read(trunks);
      events = new EventFactory(edgeId != null ? edgeId : hostName(), edges, trunkTable);
    } catch (IllegalArgumentException e) {
      return usage("--edge/--trunks: " + e.getMessage());
    } catch (IOException e) {
      return usage("Cannot read " + trunks + ": " + e.getMessage());
    }
    boolean toStdout = out != null && out.toString().equals("-");
    PrintStream report = toStdout ? System.err : System.out;
    HandshakeSink sink;
    try {
      sink = out != null ? jsonl(toStdout) : kafka();
    } catch (ConfigException | IllegalStateException e) {
      return usage(e.getMessage());
    } catch (IOException e) {
      return usage("Cannot write " + out + ": " + e.getMessage());
    }
    CaptureSession session = new CaptureSession(events, sink, timeout);
    int rc;
    try {
      rc = pcap != null ? files(session) : live(session, report);
      session.finish();
    } catch (UncheckedIOException e) {
      System.err.println("Cannot write " + out + ": " + e.getCause().getMessage());
      rc = 1;
    }
    try {
      sink.close();
    } catch (RuntimeException e) {
      System.err.println(e.getMessage());
      rc = 1;
    }
    if (rc != 2) {
      report.println("cipherwatch capture: " + session.summary().format());
    }
    return rc;
  }

  private int files(CaptureSession session) {
    for (Path p : pcap) {
      try {
        CaptureFileReader.Result r = CaptureFileReader.read(p, session);
        if (r.problem() != null) {
          System.err.println("capture: " + r.problem());
        }
      } catch (IOException e) {
        System.err.println("capture: cannot read " + p + ": " + e.getMessage());
      }
    }
    return 0;
  }

  private int live(CaptureSession session, PrintStream report) {
    LiveCapture capture;
    try {
      capture = LiveCapture.open(iface, filter);
    } catch (IllegalStateException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicBoolean stopped = new AtomicBoolean();
    Thread hook = new Thread(() -> {
      stop.set(true);
      long until = System.nanoTime() + 5_000_000_000L;
      while (!stopped.get() && System.nanoTime() < until) {
        Thread.onSpinWait();
      }
    }, "cipherwatch-capture-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    long started = System.nanoTime();
    long[] nextSummary = {started + summaryEvery.toNanos()};
    report.printf("capture: listening on %s (link type %d), filter '%s'%n", iface, capture.linkType(), filter);
    try {
      capture.loop(session, () -> stop.get()
          || duration != null && System.nanoTime() - started >= duration.toNanos(), now -> {
            session.tick(now);
            if (System.nanoTime() - nextSummary[0] >= 0) {
              report.println("capture: " + session.summary().format());
              nextSummary[0] += summaryEvery.toNanos();
            }
          });
      return 0;
    } catch (IllegalStateException e) {
      System.err.println(e.getMessage());
      return 1;
    } finally {
      capture.close();
      stopped.set(true);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // stopped by a signal: the hook is running
      }
    }
  }

  private HandshakeSink jsonl(boolean toStdout) throws IOException {
    return new JsonlSink(toStdout ? new OutputStreamWriter(System.out, StandardCharsets.UTF_8)
        : Files.newBufferedWriter(out, StandardCharsets.UTF_8));
  }

  private HandshakeSink kafka() {
    if (!Files.isReadable(config)) {
      throw new ConfigException("Cannot read configuration file " + config + ": check the path and permissions.");
    }
    CipherwatchConfig cfg = CipherwatchConfig.load(config, System.getenv(), Map.of());
    for (String key : new String[] {"bootstrap.servers", "schema.registry.url"}) {
      if (cfg.kafka().get(key) == null) {
        throw new ConfigException(key + " is not set: put it in the --config file");
      }
    }
    return new KafkaHandshakeSink(cfg.kafkaObjects(), cfg.raw(Settings.TOPIC_INPUT));
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      String h = System.getenv("HOSTNAME");
      return h == null || h.isBlank() ? "edge" : h;
    }
  }

  private static int usage(String message) {
    System.err.println(message);
    return 2;
  }
}
