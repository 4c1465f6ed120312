package io.cipherwatch.cli;

import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.RiskLevel;
import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.config.ConfigException;
import io.cipherwatch.replay.Replay;
import io.cipherwatch.replay.UsageOutput;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code replay}: runs the topology over a JSONL file of handshake events and writes the outputs as JSONL. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Runs the cipherwatch topology over a file of handshake events (one JSON object per line)",
        "and writes usage.jsonl (see --usage), fleet.jsonl, alerts.jsonl and rejected.jsonl to --out."})
public final class ReplayCommand implements Callable<Integer> {
  @Option(names = "--events", required = true, paramLabel = "EVENTS.jsonl",
      description = "Handshake events, one JSON object per line with the HandshakeEvent field names.")
  Path events;

  @Option(names = "--trunks", paramLabel = "TRUNKS.jsonl", description = "Trunk metadata, one TrunkMetadata JSON object per line.")
  Path trunks;

  @Mixin ConfigFileOption config;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created if missing).")
  Path out;

  @Option(names = "--usage", paramLabel = "every-window|on-change|none", converter = UsageOutputConverter.class,
      description = "Usage rows to write: every-window (one row per trunk, direction and window), on-change (the"
          + " topology's cipherwatch.usage.emit=on-change rows: a row only when a key's counts differ from its"
          + " previous window's row, a zero row when it goes silent; fill forward to get every window) or none (no"
          + " usage.jsonl). Default: the configuration's cipherwatch.usage.emit (every-window unless set).")
  UsageOutput usage;

  /** Parses --usage. */
  static final class UsageOutputConverter implements CommandLine.ITypeConverter<UsageOutput> {
    @Override
    public UsageOutput convert(String value) {
      try {
        return UsageOutput.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  @Override
  public Integer call() {
    for (Path p : new Path[] {events, trunks, config.file()}) {
      if (p != null && !Files.isReadable(p)) {
        System.err.println("Cannot read " + p + ": check the path and permissions.");
        return 2;
      }
    }
    Replay.Summary s;
    try {
      CipherwatchConfig cfg = CipherwatchConfig.load(config.file(), System.getenv(), Map.of());
      long started = System.nanoTime();
      s = new Replay(cfg).run(events, trunks, out, usage);
      print(System.out, s, (System.nanoTime() - started) / 1_000_000);
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return 2;
    } catch (IOException e) {
      System.err.println("Replay failed: " + e.getMessage());
      return 1;
    }
    return 0;
  }

  static void print(PrintStream o, Replay.Summary s, long millis) {
    o.printf("cipherwatch replay: %,d lines, %,d events, %,d rejected (%d ms)%n", s.lines(), s.events(),
        s.rejected(), millis);
    if (!s.rejectedByReason().isEmpty()) {
      o.println("  rejected by reason: " + s.rejectedByReason());
    }
    for (Direction d : Direction.values()) {
      double[] sh = s.shares().get(d);
      if (sh != null) {
        o.printf("  %-8s deprecated share %6.2f%%   would-break share %6.2f%%%n", d, sh[0] * 100, sh[1] * 100);
      }
    }
    StringBuilder risk = new StringBuilder("  trunks by worst risk level:");
    for (RiskLevel l : new RiskLevel[] {RiskLevel.CRITICAL, RiskLevel.WARNING, RiskLevel.INFO, RiskLevel.CLEAN}) {
      risk.append(' ').append(l).append('=').append(s.trunksByRisk().get(l));
    }
    o.println(risk);
    o.printf("  wrote %,d usage rows, %,d fleet rows, %,d alert transitions%n", s.usageRows(), s.fleetRows(),
        s.alerts());
  }
}
