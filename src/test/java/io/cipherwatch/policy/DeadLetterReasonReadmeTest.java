package io.cipherwatch.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** README's "Invalid and late input" reasons table lists exactly the {@link DeadLetterReason} constants. */
class DeadLetterReasonReadmeTest {
  private static final Pattern CODE = Pattern.compile("`([A-Z][A-Z_]+)`");

  /** The reasons named in the first column of the section's table. */
  static Set<String> readmeReasons() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf("\n## Invalid and late input");
    assertTrue(start >= 0, "README has no 'Invalid and late input' section");
    int end = readme.indexOf("\n## ", start + 1);
    Set<String> out = new TreeSet<>();
    for (String line : readme.substring(start, end < 0 ? readme.length() : end).split("\n")) {
      String[] cells = line.split("\\|");
      if (line.startsWith("|") && cells.length > 1) {
        Matcher m = CODE.matcher(cells[1]);
        while (m.find()) {
          out.add(m.group(1));
        }
      }
    }
    return out;
  }

  @Test
  void readmeTableAndEnumNameTheSameReasons() throws Exception {
    Set<String> documented = readmeReasons();
    Set<String> defined = new TreeSet<>();
    for (DeadLetterReason r : DeadLetterReason.values()) {
      defined.add(r.name());
    }
    Set<String> undocumented = new TreeSet<>(defined);
    undocumented.removeAll(documented);
    Set<String> unknown = new TreeSet<>(documented);
    unknown.removeAll(defined);
    assertEquals(Set.of(), undocumented, "reasons missing from README's 'Invalid and late input' table");
    assertEquals(Set.of(), unknown, "README's 'Invalid and late input' table names reasons the code lacks");
  }

  @Test
  void everyReasonHasAnActionableMessage() {
    for (DeadLetterReason r : DeadLetterReason.values()) {
      assertTrue(r.message().length() > 30, r.name());
    }
  }
}
