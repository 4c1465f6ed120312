package io.cipherwatch.capture.endpoint;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the trunk mapping CSV: header {@code trunkId,remote}, then one {@code trunkId,pattern} per line. */
public final class TrunkFile {
  private TrunkFile() {}

  /**
   * Reads {@code file}.
   *
   * @throws IllegalArgumentException naming the file, line and what is wrong
   */
  public static EndpointTable<String> read(Path file) throws IOException {
    EndpointTable<String> table = new EndpointTable<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = r.readLine();
      if (header == null || !header.replace(" ", "").replace("\uFEFF", "").equalsIgnoreCase("trunkId,remote")) {
        throw new IllegalArgumentException(file + ": the first line must be the header 'trunkId,remote'");
      }
      String line;
      int n = 1;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int comma = line.indexOf(',');
        String trunk = comma < 0 ? "" : line.substring(0, comma).trim();
        if (trunk.isEmpty() || line.indexOf(',', comma + 1) >= 0) {
          throw new IllegalArgumentException(file + " line " + n + ": expected 'trunkId,remote', got '" + line + "'");
        }
        try {
          if (!table.put(AddressPattern.parse(line.substring(comma + 1)), trunk)) {
            throw new IllegalArgumentException("the same remote is listed twice");
          }
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(file + " line " + n + ": " + e.getMessage());
        }
      }
    }
    return table;
  }
}
