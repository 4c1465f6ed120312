package io.cipherwatch.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/** Locates and parses the repository's operations files (deploy/, grafana/) for the ops tests. */
public final class OpsFiles {

  /** Reads JSON (dashboards, Prometheus API answers). */
  public static final ObjectMapper JSON = new ObjectMapper();
  /** Reads YAML (rules, compose, Kubernetes, provisioning). */
  public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private OpsFiles() {}

  /** The repository root: Maven's {@code basedir}, else the working directory; must contain pom.xml. */
  public static Path root() {
    Path root = Path.of(System.getProperty("basedir", "")).toAbsolutePath().normalize();
    if (!Files.isRegularFile(root.resolve("pom.xml"))) {
      throw new IllegalStateException("No pom.xml in " + root + ": run the ops tests from the repository root (mvn test)");
    }
    return root;
  }

  /** Resolves a path relative to the repository root. */
  public static Path path(String relative) {
    return root().resolve(relative);
  }

  /** Every regular file under {@code dir} whose name ends with one of {@code suffixes}, sorted. */
  public static List<Path> files(Path dir, String... suffixes) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> Stream.of(suffixes).anyMatch(s -> p.getFileName().toString().endsWith(s)))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir, e);
    }
  }

  /** Parses a JSON file. */
  public static JsonNode json(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Invalid JSON in " + file + ": " + e.getMessage(), e);
    }
  }

  /** Parses a single-document YAML file. */
  public static JsonNode yaml(Path file) {
    List<JsonNode> docs = yamlDocuments(file);
    if (docs.size() != 1) {
      throw new IllegalStateException(file + " has " + docs.size() + " YAML documents, expected one");
    }
    return docs.get(0);
  }

  /** Parses every document of a YAML file (separated by {@code ---}), skipping empty ones. */
  public static List<JsonNode> yamlDocuments(Path file) {
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      List<JsonNode> docs = new ArrayList<>();
      while (it.hasNextValue()) {
        JsonNode doc = it.nextValue();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          docs.add(doc);
        }
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException("Invalid YAML in " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads a Java properties file. */
  public static Properties properties(Path file) {
    try (Reader r = Files.newBufferedReader(file)) {
      Properties p = new Properties();
      p.load(r);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read properties " + file, e);
    }
  }

  /** Parses Java properties held in a string (e.g. a ConfigMap entry). */
  public static Properties properties(String text) {
    try {
      Properties p = new Properties();
      p.load(new StringReader(text));
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a text file. */
  public static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }
}
