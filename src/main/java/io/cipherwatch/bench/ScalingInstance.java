package io.cipherwatch.bench;

import io.cipherwatch.app.CipherwatchApp;
import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.serde.MockSchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The main class of an instance that {@code bench --scaling} starts in its own JVM: it runs the application, as
 * {@code run} does, against the bench's broker until it is terminated. The bench's registry is in memory ({@code mock://bench}), so the schemas
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
    CipherwatchApp app = new CipherwatchApp(CipherwatchConfig.load(Path.of(args[1]), Map.of(), Map.of()));
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "scaling-instance-shutdown"));
    app.start();
    Thread.currentThread().join();
  }
}
