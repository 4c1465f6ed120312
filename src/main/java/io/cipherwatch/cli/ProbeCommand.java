package io.cipherwatch.cli;

import io.cipherwatch.avro.RemoteProbe;
import io.cipherwatch.catalog.CipherCatalog;
import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.config.ConfigException;
import io.cipherwatch.config.Settings;
import io.cipherwatch.policy.CipherPolicy;
import io.cipherwatch.probe.ProbeJson;
import io.cipherwatch.probe.ProbeReport;
import io.cipherwatch.probe.TlsProbe;
import io.cipherwatch.readiness.RemovalImpact;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code probe}: checks whether an outbound remote accepts what the platform would still offer after a removal. */
@Command(name = "probe", mixinStandardHelpOptions = true,
    description = {"Completes one TLS handshake with an outbound remote offering only the supported suites minus",
        "--remove, and records whether it accepts one (and which): to --out, to the remote-probes topic when",
        "bootstrap.servers is configured, else to standard output. Readiness uses the latest probe per trunk."})
public final class ProbeCommand implements Callable<Integer> {
  @Option(names = "--remote", required = true, paramLabel = "HOST:PORT", description = "The remote's SIP TLS endpoint.")
  String remote;

  @Option(names = "--trunk", required = true, paramLabel = "ID", description = "The trunk the remote serves.")
  String trunk;

  @Option(names = "--remove", paramLabel = "LIST",
      description = "Candidate suites to remove; default: cipherwatch.policy.deprecated.")
  String remove;

  @Option(names = "--sni", paramLabel = "NAME", description = "Server name to send (default: none).")
  String sni;

  @Option(names = "--timeout", defaultValue = "PT10S", converter = DurationConverter.class,
      description = "Connect and read timeout (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--out", paramLabel = "FILE.jsonl", description = "Append the result as one JSON line to this file.")
  Path out;

  @Option(names = "--config", paramLabel = "FILE.properties",
      description = "cipherwatch.* settings (supported set) and Kafka/schema-registry keys.")
  Path config;

  @Override
  public Integer call() {
    try {
      CipherwatchConfig cfg = CipherwatchConfig.load(config, System.getenv(), Map.of());
      int colon = remote.lastIndexOf(':');
      int port = colon < 0 ? -1 : parsePort(remote.substring(colon + 1));
      if (colon <= 0 || port < 1 || port > 65535) {
        System.err.println("--remote '" + remote + "' must be host:port, e.g. sbc.example.com:5061");
        return 2;
      }
      CipherCatalog catalog = CipherCatalog.standard();
      int[] supported = CipherPolicy.parseList(Settings.POLICY_SUPPORTED.key(),
          cfg.raw(Settings.POLICY_SUPPORTED), catalog);
      int[] removed = CipherPolicy.parseList(remove == null ? Settings.POLICY_DEPRECATED.key() : "--remove",
          remove == null ? cfg.raw(Settings.POLICY_DEPRECATED) : remove, catalog);
      RemovalImpact impact = new RemovalImpact(supported, removed);
      ProbeReport r = new TlsProbe(timeout).probe(trunk, remote.substring(0, colon), port, sni,
          impact.remainingCodes(), impact.removedCodes());
      String json = ProbeJson.write(r);
      if (out != null) {
        Files.writeString(out, json + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      } else if (cfg.kafka().get("bootstrap.servers") != null) {
        AvroPublish.publish(cfg.kafkaObjects(), cfg.raw(Settings.TOPIC_PROBES), trunk, r.toAvro(),
            RemoteProbe.class);
      } else {
        System.out.println(json);
      }
      System.err.println("probe " + remote + " (trunk " + trunk + "): " + (r.accepted()
          ? "accepted " + catalog.ianaName(r.chosen()) + " over " + r.protocol()
          : "refused every offered suite (" + r.detail() + ")")
          + (r.notOffered().length == 0 ? "" : "; could not offer " + names(r.notOffered(), catalog)
              + " (unknown to or disabled in this JVM's TLS stack)"));
      return 0;
    } catch (ConfigException | IllegalArgumentException | IllegalStateException e) {
      System.err.println(e.getMessage());
      return 2;
    } catch (IOException e) {
      System.err.println(e.getMessage());
      return 1;
    }
  }

  private static int parsePort(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String names(int[] codes, CipherCatalog catalog) {
    StringBuilder b = new StringBuilder();
    for (int c : codes) {
      b.append(b.length() == 0 ? "" : ", ").append(catalog.ianaName(c));
    }
    return b.toString();
  }
}
