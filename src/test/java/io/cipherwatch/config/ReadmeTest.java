package io.cipherwatch.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps README's configuration table and commands true to the code. */
class ReadmeTest {
  static String readme() throws Exception {
    return Files.readString(Path.of("README.md"));
  }

  @Test
  void everyKeyIsDocumentedWithItsDefault() throws Exception {
    String readme = readme();
    for (Setting s : Settings.ALL) {
      String row = "| `" + s.key() + "` | `" + s.defaultValue() + "` |";
      assertTrue(readme.contains(row), "README configuration table lacks or misstates: " + row);
    }
  }

  @Test
  void theTwoCommandsAreThere() throws Exception {
    String readme = readme();
    assertTrue(readme.contains("mvn -B -DskipTests package && java -jar target/cipherwatch.jar demo"));
    assertTrue(readme.contains("mvn -B verify"));
  }
}
