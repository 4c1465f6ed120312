package io.cipherwatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cipherwatch.catalog.CipherCatalog;
import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.config.ConfigException;
import io.cipherwatch.config.Settings;
import io.cipherwatch.policy.ActivePolicy;
import io.cipherwatch.policy.CipherPolicy;
import io.cipherwatch.policy.PolicyRecords;
import io.cipherwatch.readiness.ReportFormat;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code policy show|set}: reads or publishes the live cipher policy on the compacted cipher-policy topic. */
@Command(name = "policy", mixinStandardHelpOptions = true,
    description = "Shows or publishes the live cipher policy (topic cipher-policy); running instances apply a new "
        + "version to the events they process next.",
    subcommands = {PolicyCommand.Show.class, PolicyCommand.Set.class})
public final class PolicyCommand {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Option(names = "--config", paramLabel = "FILE.properties", scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "bootstrap.servers, schema.registry.url and cipherwatch.* keys; environment variables apply.")
  Path config;

  CipherwatchConfig load() {
    CipherwatchConfig cfg = CipherwatchConfig.load(config, System.getenv(), Map.of());
    if (cfg.kafka().get("bootstrap.servers") == null) {
      throw new ConfigException("bootstrap.servers is not set: give it in --config or as KAFKA_BOOTSTRAP_SERVERS");
    }
    return cfg;
  }

  /** The policy in effect: the topic's record, else the configured keys as version 0. */
  static ActivePolicy current(CipherwatchConfig cfg) {
    io.cipherwatch.avro.CipherPolicy r = PolicyTopicReader.latest(cfg.kafkaObjects(), cfg.raw(Settings.TOPIC_POLICY));
    if (r != null) {
      return PolicyRecords.fromAvro(r);
    }
    return ActivePolicy.defaults(CipherPolicy.parse(cfg.raw(Settings.POLICY_DEPRECATED),
        cfg.raw(Settings.POLICY_SUPPORTED), CipherCatalog.standard()));
  }

  static ObjectNode json(ActivePolicy p) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("version", p.version()).put("source", p.version() == 0 ? "configuration" : "topic");
    n.set("deprecated", ReportFormat.suites(p.rules().deprecatedCodes()));
    n.set("supported", ReportFormat.suites(p.rules().supportedCodes()));
    n.put("plannedRemovalDate", p.plannedRemovalDate() == null ? null : p.plannedRemovalDate().toString());
    ObjectNode sets = n.putObject("candidateSets");
    p.candidateSets().forEach((k, v) -> sets.set(k, ReportFormat.suites(v)));
    return n;
  }

  /** {@code policy show}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Prints the policy in effect as JSON.")
  static final class Show implements Callable<Integer> {
    @ParentCommand PolicyCommand parent;

    @Override
    public Integer call() {
      try {
        System.out.println(json(current(parent.load())).toPrettyString());
        return 0;
      } catch (ConfigException | IllegalArgumentException | IllegalStateException e) {
        System.err.println(e.getMessage());
        return 2;
      }
    }
  }

  /** {@code policy set}: publishes the next version; options not given keep the current values. */
  @Command(name = "set", mixinStandardHelpOptions = true,
      description = "Publishes the next policy version (current + 1); what you do not set is kept.")
  static final class Set implements Callable<Integer> {
    @ParentCommand PolicyCommand parent;

    @Option(names = "--deprecated", paramLabel = "LIST", description = "Suites being removed.")
    String deprecated;

    @Option(names = "--supported", paramLabel = "LIST", description = "Suites the edges accept.")
    String supported;

    @Option(names = "--planned-removal", paramLabel = "YYYY-MM-DD", description = "Planned removal day (UTC).")
    String plannedRemoval;

    @Option(names = "--candidate", paramLabel = "NAME=LIST",
        description = "A named what-if removal set (repeatable); NAME= with an empty list deletes it.")
    Map<String, String> candidates = new LinkedHashMap<>();

    @Option(names = "--updated-by", paramLabel = "WHO", description = "Recorded with the version.")
    String updatedBy;

    @Override
    public Integer call() {
      try {
        CipherwatchConfig cfg = parent.load();
        ActivePolicy now = current(cfg);
        CipherCatalog catalog = CipherCatalog.standard();
        int[] d = deprecated == null ? now.rules().deprecatedCodes()
            : CipherPolicy.parseList("--deprecated", deprecated, catalog);
        int[] s = supported == null ? now.rules().supportedCodes()
            : CipherPolicy.parseList("--supported", supported, catalog);
        LocalDate date = plannedRemoval == null ? now.plannedRemovalDate() : date(plannedRemoval);
        Map<String, int[]> sets = new LinkedHashMap<>(now.candidateSets());
        candidates.forEach((name, list) -> {
          if (list.isBlank()) {
            sets.remove(name);
          } else {
            sets.put(name, CipherPolicy.parseList("--candidate " + name, list, catalog));
          }
        });
        ActivePolicy next = new ActivePolicy(now.version() + 1, new CipherPolicy(d, s), date, sets);
        AvroPublish.publish(cfg.kafkaObjects(), cfg.raw(Settings.TOPIC_POLICY), PolicyRecords.KEY,
            PolicyRecords.toAvro(next, updatedBy), io.cipherwatch.avro.CipherPolicy.class);
        System.out.println(json(next).toPrettyString());
        return 0;
      } catch (ConfigException | IllegalArgumentException | IllegalStateException e) {
        System.err.println(e.getMessage());
        return 2;
      }
    }

    private static LocalDate date(String s) {
      try {
        return s.isBlank() ? null : LocalDate.parse(s.trim());
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("--planned-removal '" + s + "' is not a date like 2026-06-30");
      }
    }
  }
}
