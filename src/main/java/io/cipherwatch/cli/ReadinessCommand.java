package io.cipherwatch.cli;

import io.cipherwatch.catalog.CipherCatalog;
import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.config.ConfigException;
import io.cipherwatch.config.Settings;
import io.cipherwatch.policy.CipherPolicy;
import io.cipherwatch.readiness.Readiness;
import io.cipherwatch.readiness.ReadinessReport;
import io.cipherwatch.readiness.RemovalImpact;
import io.cipherwatch.readiness.ReportFormat;
import io.cipherwatch.replay.ReadinessInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code readiness}: what removing a suite set would break, for whom, and when it will be safe, from a file. */
@Command(name = "readiness", mixinStandardHelpOptions = true,
    description = {"Answers 'what breaks if we remove these suites now, for whom, and when will it be safe'",
        "from a file of handshake events (the replay format, or what capture --out writes)."})
public final class ReadinessCommand implements Callable<Integer> {
  enum Format { json, csv }

  @Option(names = "--events", required = true, paramLabel = "EVENTS.jsonl",
      description = "Handshake events, one JSON object per line with the HandshakeEvent field names.")
  Path events;

  @Option(names = "--trunks", paramLabel = "TRUNKS.jsonl",
      description = "Trunk metadata (organization, names, contact), one TrunkMetadata JSON object per line.")
  Path trunks;

  @Option(names = "--probes", paramLabel = "PROBES.jsonl",
      description = "Results of `probe --out`: the latest per trunk settles outbound UNVERIFIED verdicts.")
  Path probes;

  @Option(names = "--remove", paramLabel = "LIST",
      description = "Candidate suites to remove (codes, IANA or OpenSSL names, comma-separated); "
          + "default: cipherwatch.policy.deprecated.")
  String remove;

  @Option(names = "--as-of", paramLabel = "ISO-8601",
      description = "End of the period (e.g. 2026-03-15T00:00:00Z); default: the newest event's time.")
  String asOf;

  @Option(names = "--format", defaultValue = "json", description = "json or csv (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--forecast", description = "JSON: add a forecast object (slope, 95% interval, daily series).")
  boolean forecast;

  @Option(names = "--config", paramLabel = "FILE.properties",
      description = "cipherwatch.* settings (policy, readiness period and threshold); environment variables apply.")
  Path config;

  @Override
  public Integer call() {
    for (Path p : new Path[] {events, trunks, probes, config}) {
      if (p != null && !Files.isReadable(p)) {
        System.err.println("Cannot read " + p + ": check the path and permissions.");
        return 2;
      }
    }
    try {
      CipherwatchConfig cfg = CipherwatchConfig.load(config, System.getenv(), Map.of());
      CipherCatalog catalog = CipherCatalog.standard();
      int[] supported = CipherPolicy.parseList(Settings.POLICY_SUPPORTED.key(),
          cfg.raw(Settings.POLICY_SUPPORTED), catalog);
      int[] removed = CipherPolicy.parseList(remove == null ? Settings.POLICY_DEPRECATED.key() : "--remove",
          remove == null ? cfg.raw(Settings.POLICY_DEPRECATED) : remove, catalog);
      Readiness readiness = Readiness.from(cfg);
      ReadinessInput in = new ReadinessInput(readiness.retentionDays(), asOf == null ? null : instant(asOf));
      if (trunks != null) {
        in.trunks(trunks);
      }
      if (probes != null) {
        in.probes(probes);
      }
      in.events(events);
      ReadinessReport report = readiness.report(in.histories(), in.trunks(), in.probes(),
          new RemovalImpact(supported, removed), in.asOf());
      System.out.print(format == Format.csv ? ReportFormat.csv(report)
          : ReportFormat.json(report, forecast).toPrettyString() + System.lineSeparator());
      System.out.flush();
      summary(in);
      return 0;
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    } catch (IOException e) {
      System.err.println("readiness failed: " + e.getMessage());
      return 1;
    }
  }

  private static Instant instant(String s) {
    try {
      return OffsetDateTime.parse(s.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--as-of '" + s + "' is not an ISO-8601 date-time with offset "
          + "(e.g. 2026-03-15T00:00:00Z)");
    }
  }

  private static void summary(ReadinessInput in) {
    System.err.printf("cipherwatch readiness: %,d events used, %,d after --as-of left out", in.events(),
        in.afterAsOf());
    if (!in.rejected().isEmpty()) {
      System.err.print(", rejected lines by reason: " + in.rejected());
    }
    System.err.println();
  }
}
