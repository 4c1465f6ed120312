package io.cipherwatch.bench;

import io.cipherwatch.cli.Main;
import io.cipherwatch.serde.MockSchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The main class of an instance that {@code bench --scaling} starts in its own JVM: it runs the {@code run}
 * command against the bench's broker. The bench's registry is in memory ({@code mock://bench}), so the schemas
 * the bench registered are registered here first, in the same order, to get the same ids.
 *
 * <p>Arguments: a file of schemas (one JSON schema per line, in id order) and the {@code run} configuration file.
 */
public final class ScalingInstance {
  private ScalingInstance() {}

  public static void main(String[] args) throws Exception {
    List<String> schemas = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
    MockSchemaRegistry registry = MockSchemaRegistry.scope(BenchContext.REGISTRY_SCOPE);
    for (int i = 0; i < schemas.size(); i++) {
      int id = registry.register("bench-seed-" + (i + 1), new Schema.Parser().parse(schemas.get(i)));
      if (id != i + 1) {
        throw new IllegalStateException("schema " + (i + 1) + " got id " + id + " in this instance's registry");
      }
    }
    System.exit(Main.commandLine().execute("run", "--config", args[1]));
  }
}
