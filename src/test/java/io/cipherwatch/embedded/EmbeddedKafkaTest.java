package io.cipherwatch.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up checks that fail before any broker runs. */
class EmbeddedKafkaTest {

  @Test
  void refusesNonEmptyDirectoryThatIsNotAKafkaLogDirectory(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("notes.txt"), "not kafka");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EmbeddedKafka.start(dir));
    assertTrue(e.getMessage().contains("meta.properties"), e.getMessage());
    try (Stream<Path> entries = Files.list(dir)) {
      assertEquals(List.of(dir.resolve("notes.txt")), entries.toList(), "directory left untouched");
    }
  }

  @Test
  void refusesAFileAsDataDirectory(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertThrows(UncheckedIOException.class, () -> EmbeddedKafka.start(file));
  }
}
