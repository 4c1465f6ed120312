package io.cipherwatch.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package structure the package-info files describe, enforced on the compiled main classes: no cycles between
 * packages, each package depends only on the cipherwatch packages listed for it, the domain packages do not know
 * Kafka, every package has a package-info, and no main source file is over 400 lines.
 */
class PackageRulesTest {
  private static final String ROOT = "io.cipherwatch";
  /** Generated Avro classes: every package may use them. */
  private static final String AVRO = "avro";

  /** Package (relative to io.cipherwatch) → the cipherwatch packages it may depend on, besides itself and avro. */
  static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
      Map.entry("catalog", Set.of()),
      Map.entry("codec", Set.of()),
      Map.entry("security", Set.of()),
      Map.entry("health", Set.of()),
      Map.entry("embedded", Set.of()),
      Map.entry("json", Set.of()),
      Map.entry("config", Set.of("security")),
      Map.entry("policy", Set.of("catalog")),
      Map.entry("alerting", Set.of("policy", "codec")),
      Map.entry("records", Set.of("alerting")),
      Map.entry("readiness", Set.of("catalog", "config")),
      Map.entry("probe", Set.of("readiness", "catalog")),
      Map.entry("serde", Set.of("policy", "security")),
      Map.entry("topology", Set.of("catalog", "codec", "policy", "alerting", "records", "readiness", "serde",
          "config")),
      Map.entry("metrics", Set.of("topology", "health", "alerting", "catalog", "policy", "records", "readiness")),
      Map.entry("replay", Set.of("topology", "serde", "config", "json", "probe", "readiness", "catalog", "policy")),
      Map.entry("simulate", Set.of("json")),
      Map.entry("simulate.kafka", Set.of("simulate", "serde", "topology")),
      Map.entry("capture.pcap", Set.of()),
      Map.entry("capture.net", Set.of()),
      Map.entry("capture.live", Set.of("capture.pcap")),
      Map.entry("capture.tcp", Set.of("capture.net")),
      Map.entry("capture.tls", Set.of("capture.tcp")),
      Map.entry("capture.endpoint", Set.of("capture.net")),
      Map.entry("capture.synth", Set.of("capture.net", "capture.pcap")),
      Map.entry("capture", Set.of("capture.pcap", "capture.net", "capture.tcp", "capture.tls", "capture.endpoint",
          "json")),
      Map.entry("capture.kafka", Set.of("capture", "serde")),
      Map.entry("http", Set.of("config", "security", "health", "metrics", "topology", "alerting", "catalog",
          "policy", "probe", "readiness", "records", "replay", "json")),
      Map.entry("app", Set.of("config", "serde", "topology", "metrics", "http", "health", "security")),
      Map.entry("bench.dsl", Set.of("catalog", "policy", "serde")),
      Map.entry("bench", Set.of("bench.dsl", "app", "config", "embedded", "serde", "simulate", "topology",
          "metrics")),
      Map.entry("cli", Set.of("*")));

  /** Plain-Java packages: the product's knowledge, with no Kafka client or Streams code. */
  static final List<String> NO_KAFKA = List.of("catalog", "codec", "policy", "alerting", "records", "readiness",
      "probe", "health", "security", "json", "simulate", "capture", "capture.pcap", "capture.net", "capture.live",
      "capture.tcp", "capture.tls", "capture.endpoint", "capture.synth");

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(ROOT);
  }

  @Test
  void noCyclesBetweenPackages() {
    slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void everyPackageDependsOnlyOnWhatItsPackageInfoAllows() {
    for (String pkg : packages()) {
      if (pkg.equals(AVRO)) {
        continue;
      }
      Set<String> allowed = ALLOWED.get(pkg);
      assertTrue(allowed != null, "package " + pkg + " has no entry in PackageRulesTest.ALLOWED: add one, and say"
          + " in its package-info what it may depend on");
      if (allowed.contains("*")) {
        continue;
      }
      List<String> forbidden = new ArrayList<>();
      for (String other : packages()) {
        if (!other.equals(pkg) && !allowed.contains(other) && !other.equals(AVRO)) {
          forbidden.add(ROOT + "." + other);
        }
      }
      noClasses().that().resideInAPackage(ROOT + "." + pkg)
          .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
          .because(pkg + " may depend on " + allowed + " only")
          .check(classes);
    }
  }

  @Test
  void domainPackagesDoNotKnowKafka() {
    for (String pkg : NO_KAFKA) {
      noClasses().that().resideInAPackage(ROOT + "." + pkg)
          .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..")
          .check(classes);
    }
  }

  @Test
  void everyPackageHasAPackageInfo() throws IOException {
    Path src = Path.of("src/main/java/io/cipherwatch");
    try (Stream<Path> dirs = Files.walk(src)) {
      List<String> missing = dirs.filter(Files::isDirectory)
          .filter(d -> hasJava(d) && !Files.exists(d.resolve("package-info.java")))
          .map(Path::toString).collect(Collectors.toList());
      assertEquals(List.of(), missing, "packages without a package-info.java");
    }
  }

  @Test
  void noMainSourceFileIsOver400Lines() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      List<String> tooLong = new ArrayList<>();
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        long lines = Files.readAllLines(f).size();
        if (lines > 400) {
          tooLong.add(f + " (" + lines + " lines)");
        }
      }
      assertEquals(List.of(), tooLong, "split these files");
    }
  }

  private static boolean hasJava(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(p -> p.toString().endsWith(".java") && !p.endsWith("package-info.java"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The cipherwatch packages of the main classes, relative to io.cipherwatch. */
  private static Set<String> packages() {
    Set<String> out = new TreeSet<>();
    classes.forEach(c -> {
      String p = c.getPackageName();
      if (p.startsWith(ROOT + ".")) {
        out.add(p.substring(ROOT.length() + 1));
      }
    });
    return out;
  }
}
