package io.cipherwatch.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/** Every schema in schemas/ reads data written with every released version (BACKWARD compatibility). */
class SchemaCompatibilityTest {
  static final Path SCHEMAS = Path.of("schemas");

  /** Parses a folder of .avsc files, shared named types (enums) first. */
  static Map<String, Schema> parse(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = new ArrayList<>(s.filter(p -> p.toString().endsWith(".avsc")).sorted().toList());
    }
    files.sort((a, b) -> Boolean.compare(!isEnum(a), !isEnum(b)));
    Schema.Parser parser = new Schema.Parser();
    Map<String, Schema> out = new TreeMap<>();
    for (Path f : files) {
      Schema s = parser.parse(f.toFile());
      out.put(s.getFullName(), s);
    }
    return out;
  }

  private static boolean isEnum(Path p) {
    try {
      return Files.readString(p).contains("\"type\": \"enum\"") && !Files.readString(p).contains("\"record\"");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void currentSchemasReadEveryReleasedVersion() throws IOException {
    Map<String, Schema> current = parse(SCHEMAS);
    assertTrue(current.size() >= 8, "schemas found: " + current.keySet());
    List<Path> releases;
    try (Stream<Path> s = Files.list(SCHEMAS.resolve("released"))) {
      releases = s.filter(Files::isDirectory).sorted().toList();
    }
    assertFalse(releases.isEmpty(), "at least one released version is kept");
    for (Path release : releases) {
      Map<String, Schema> old = parse(release);
      for (Map.Entry<String, Schema> e : old.entrySet()) {
        Schema reader = current.get(e.getKey());
        assertTrue(reader != null, e.getKey() + " was released in " + release + " and must not be removed");
        SchemaCompatibility.SchemaPairCompatibility result =
            SchemaCompatibility.checkReaderWriterCompatibility(reader, e.getValue());
        assertEquals(SchemaCompatibilityType.COMPATIBLE, result.getType(),
            e.getKey() + " is not backward compatible with " + release + ": " + result.getDescription());
      }
    }
  }

  @Test
  void theCheckRejectsABreakingChange() throws IOException {
    Schema released = parse(SCHEMAS.resolve("released/v1")).get("io.cipherwatch.avro.TrunkMetadata");
    String json = released.toString().replace("\"fields\":[",
        "\"fields\":[{\"name\":\"tier\",\"type\":\"string\"},");
    Schema broken = new Schema.Parser().parse(json);
    assertEquals(SchemaCompatibilityType.INCOMPATIBLE,
        SchemaCompatibility.checkReaderWriterCompatibility(broken, released).getType(),
        "a new required field without default must be caught");
  }

  @Test
  void everyFieldIsDocumented() throws IOException {
    for (Schema s : parse(SCHEMAS).values()) {
      assertTrue(s.getDoc() != null && !s.getDoc().isBlank(), s.getFullName() + " has no doc");
      if (s.getType() == Schema.Type.RECORD) {
        for (Schema.Field f : s.getFields()) {
          assertTrue(f.doc() != null && !f.doc().isBlank(), s.getFullName() + "." + f.name() + " has no doc");
        }
      }
    }
  }
}
