package io.cipherwatch.replay;

import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.DeadLetter;
import io.cipherwatch.avro.DeprecationAlert;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.FleetUsage;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.RiskLevel;
import io.cipherwatch.avro.TrunkMetadata;
import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.config.Settings;
import io.cipherwatch.json.JsonOutput;
import io.cipherwatch.policy.DeadLetterReason;
import io.cipherwatch.serde.AvroSerde;
import io.cipherwatch.serde.MockSchemaRegistry;
import io.cipherwatch.topology.CipherwatchTopology;
import io.cipherwatch.topology.OfflineTopology;
import io.cipherwatch.topology.TopologyConfig;
import io.cipherwatch.topology.TopologyMetrics;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;

/**
 * Runs the production topology's processors over JSONL files ({@link OfflineTopology}: one partition, no broker)
 * and writes their outputs as JSONL. Every window gets its final row: after the last event a time tick moves
 * event time past the last window's end plus grace, as if the stream went on.
 */
public final class Replay {
  private static final int WRITE_BUFFER = 1 << 20;

  /** What a replay saw, for the summary. */
  public record Summary(long lines, long events, long rejected, Map<String, Long> rejectedByReason,
      Map<Direction, double[]> shares, Map<RiskLevel, Long> trunksByRisk, long usageRows, long fleetRows,
      long alerts) {}

  private final CipherwatchConfig config;
  private final JsonInput json = new JsonInput();

  public Replay(CipherwatchConfig config) {
    this.config = config;
  }

  /** Replay compares no event time with the wall clock (a century of skew is allowed). */
  static final String OFFLINE_FUTURE_SKEW = "P36500D";

  /**
   * Replays the events (and optional trunk metadata) into {@code outDir}.
   *
   * @throws IOException when a file cannot be read or written
   */
  public Summary run(Path events, Path trunks, Path outDir) throws IOException {
    return run(events, trunks, outDir, UsageOutput.EVERY_WINDOW);
  }

  /**
   * Replays the events (and optional trunk metadata) into {@code outDir}, with the usage rows {@code usage} asks
   * for: the topology itself runs with that {@code cipherwatch.usage.emit} ({@link UsageOutput#NONE}: no
   * {@code usage.jsonl}, the configured mode; null: the configured mode).
   *
   * @throws IOException when a file cannot be read or written
   */
  public Summary run(Path events, Path trunks, Path outDir, UsageOutput usage) throws IOException {
    Files.createDirectories(outDir);
    String scope = "replay-" + UUID.randomUUID();
    // offline there is no meaningful wall clock: a file of recent handshakes (a capture of the last hour) ends
    // with a closing tick up to a window ahead of now, which must not count as an edge clock running fast
    Map<String, String> overrides = new HashMap<>(Map.of("schema.registry.url", "mock://" + scope,
        Settings.INPUT_MAX_FUTURE_SKEW.key(), OFFLINE_FUTURE_SKEW));
    if (usage != null && usage != UsageOutput.NONE) {
      overrides.put(Settings.USAGE_EMIT.key(), usage.option());
    }
    CipherwatchConfig cfg = config.with(overrides);
    TopologyConfig tc = TopologyConfig.from(cfg, 1, TopologyMetrics.NONE);
    // the production error handler's settings (it writes dead letters for failing records)
    Map<String, Object> handlerConfig = new HashMap<>(tc.serdeConfig());
    handlerConfig.put(Settings.TOPIC_DLQ.key(), cfg.raw(Settings.TOPIC_DLQ));
    try (Run run = new Run(tc, handlerConfig, outDir, usage)) {
      if (trunks != null) {
        run.trunks(trunks);
      }
      run.events(events);
      return run.finish();
    } finally {
      MockSchemaRegistry.drop(scope);
    }
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> Serde<T> serde(Class<T> type,
      TopologyConfig tc) {
    AvroSerde<T> s = new AvroSerde<>(type);
    s.configure(tc.serdeConfig(), false);
    return s;
  }

  /** State of one replay: the topology, the output files and the tallies. */
  private final class Run implements AutoCloseable, OfflineTopology.Sink {
    private final TopologyConfig tc;
    private final OfflineTopology topology;
    private final Serde<TrunkMetadata> metadataSerde;
    private final Serde<HandshakeEvent> eventSerde;
    private final List<OutputStream> files = new ArrayList<>();
    /** Null for {@link UsageOutput#NONE}. */
    private final BackgroundLines usageLines;
    private final JsonOutput.Lines fleetOut;
    private final JsonOutput.Lines alertsOut;
    private final JsonOutput.Lines rejectedOut;
    private final List<DeprecationAlert> alertList = new ArrayList<>();
    private final Map<String, Long> rejectedByReason = new TreeMap<>();
    private final Map<Direction, long[]> totals = new EnumMap<>(Direction.class);
    private final Map<String, RiskLevel> worstRisk = new HashMap<>();
    private long[] offsetToLine = new long[1024];
    private long piped;
    private long lines;
    private long events;
    private long rejected;
    private long fleetRows;
    private long usageRows;
    private long maxTimestamp = Long.MIN_VALUE;

    Run(TopologyConfig tc, Map<String, Object> handlerConfig, Path outDir, UsageOutput usageOutput)
        throws IOException {
      this.tc = tc;
      metadataSerde = serde(TrunkMetadata.class, tc);
      eventSerde = serde(HandshakeEvent.class, tc);
      usageLines = usageOutput == UsageOutput.NONE ? null
          : new BackgroundLines(lines(outDir.resolve("usage.jsonl")), "replay-usage-writer");
      fleetOut = lines(outDir.resolve("fleet.jsonl"));
      alertsOut = lines(outDir.resolve("alerts.jsonl"));
      rejectedOut = lines(outDir.resolve("rejected.jsonl"));
      topology = new OfflineTopology(tc, handlerConfig, this);
    }

    private JsonOutput.Lines lines(Path file) throws IOException {
      OutputStream w = new BufferedOutputStream(Files.newOutputStream(file), WRITE_BUFFER);
      files.add(w);
      return new JsonOutput.Lines(w);
    }

    void trunks(Path file) throws IOException {
      long now = System.currentTimeMillis();
      JsonInput.forEachLine(file, (line, n) -> {
        try {
          TrunkMetadata md = json.trunk(line);
          topology.metadata(md.getTrunkId(), metadataSerde.serializer().serialize(tc.metadataTopic(), md), now);
        } catch (InputException e) {
          reject("trunks", n, e.reason(), e.getMessage(), null, null);
        }
      });
    }

    void events(Path file) throws IOException {
      try (BackgroundEvents in = new BackgroundEvents(file,
          e -> eventSerde.serializer().serialize(tc.inputTopic(), e), "replay-events-reader")) {
        BackgroundEvents.Line line;
        while ((line = in.next()) != null) {
          InputException bad = line.rejected();
          if (bad != null) {
            reject("events", line.number(), bad.reason(), bad.getMessage(), null, null);
            continue;
          }
          events++;
          maxTimestamp = Math.max(maxTimestamp, line.timestamp());
          remember(line.number());
          topology.input(line.key(), line.value(), line.timestamp(), null);
        }
        lines += in.lines();
      }
    }

    private void remember(long line) {
      if (piped == offsetToLine.length) {
        offsetToLine = Arrays.copyOf(offsetToLine, offsetToLine.length * 2);
      }
      offsetToLine[(int) piped++] = line;
    }

    Summary finish() throws IOException {
      if (maxTimestamp != Long.MIN_VALUE) {
        long tick = maxTimestamp + tc.windowSizeMs() + tc.graceMs() + tc.windowAdvanceMs();
        remember(0);
        topology.input(null, null, tick, CipherwatchTopology.tickHeaders(tick));
      }
      alertList.sort(Comparator.comparing(DeprecationAlert::getEventTime));
      for (DeprecationAlert a : alertList) {
        alertsOut.write(a);
      }
      Map<Direction, double[]> shares = new EnumMap<>(Direction.class);
      totals.forEach((d, t) -> shares.put(d, new double[] {share(t[1], t[0]), share(t[2], t[0])}));
      Map<RiskLevel, Long> byRisk = new EnumMap<>(RiskLevel.class);
      for (RiskLevel l : RiskLevel.values()) {
        byRisk.put(l, 0L);
      }
      worstRisk.values().forEach(l -> byRisk.merge(l, 1L, Long::sum));
      return new Summary(lines, events, rejected, rejectedByReason, shares, byRisk, usageRows, fleetRows,
          alertList.size());
    }

    @Override
    public void usage(CipherUsage u) {
      if (usageLines != null) {
        try {
          usageLines.write(u);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        usageRows++;
      }
      worstRisk.merge(u.getTrunkId(), u.getRiskLevel(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
    }

    @Override
    public void fleet(FleetUsage f) {
      fleetRows++;
      write(fleetOut, f);
      long[] t = totals.computeIfAbsent(f.getDirection(), d -> new long[3]);
      t[0] += f.getEstablishedHandshakes();
      t[1] += f.getDeprecatedHandshakes();
      t[2] += f.getWouldBreakHandshakes();
    }

    @Override
    public void alert(DeprecationAlert a) {
      alertList.add(a);
    }

    @Override
    public void deadLetter(DeadLetter d) {
      long line = d.getOffset() >= 0 && d.getOffset() < piped ? offsetToLine[(int) d.getOffset()] : -1;
      try {
        reject("events", line, DeadLetterReason.valueOf(d.getReason()), d.getMessage(), d.getEventId(),
            d.getTrunkId());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void write(JsonOutput.Lines out, org.apache.avro.specific.SpecificRecord row) {
      try {
        out.write(row);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void reject(String file, long line, DeadLetterReason reason, String message, String eventId,
        String trunkId)
        throws IOException {
      if (file.equals("events")) {
        rejected++;
      }
      rejectedByReason.merge(reason.name(), 1L, Long::sum);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("file", file);
      m.put("line", line);
      m.put("reason", reason.name());
      m.put("message", message);
      m.put("eventId", eventId);
      m.put("trunkId", trunkId);
      rejectedOut.write(m);
    }

    @Override
    public void close() throws IOException {
      IOException first = null;
      for (Closeable l : new Closeable[] {usageLines, fleetOut, alertsOut, rejectedOut}) {
        if (l != null) {
          try {
            l.close();
          } catch (IOException e) {
            first = first == null ? e : first;
          }
        }
      }
      for (OutputStream w : files) {
        try {
          w.close();
        } catch (IOException e) {
          first = first == null ? e : first;
        }
      }
      if (first != null) {
        throw first;
      }
    }
  }

  private static double share(long part, long whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }
}
