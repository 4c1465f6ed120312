package io.cipherwatch.cli;

import io.cipherwatch.app.CipherwatchApp;
import io.cipherwatch.embedded.EmbeddedKafka;
import io.cipherwatch.serde.MockSchemaRegistry;
import io.cipherwatch.simulate.kafka.RealTimeSimulation;
import io.cipherwatch.simulate.kafka.SimulationPublisher;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What {@code demo} started, closed in order: simulator, processor, broker. */
final class DemoResources {
  final long started = System.nanoTime();
  EmbeddedKafka broker;
  Path tempStateDir;
  SimulationPublisher publisher;
  RealTimeSimulation simulation;
  Thread simulationThread;
  CipherwatchApp app;

  void close(PrintStream out) {
    long begin = System.nanoTime();
    boolean started = broker != null;
    if (started) {
      out.println("Stopping: simulator, processor, broker ...");
      out.flush();
    }
    if (simulation != null) {
      simulation.stop();
      quietly("simulator", () -> simulation.awaitFinished(10, TimeUnit.SECONDS));
    }
    if (publisher != null) {
      quietly("simulator", () -> publisher.close(Duration.ofSeconds(5)));
    }
    if (app != null) {
      quietly("processor", app::close);
    }
    if (broker != null) {
      quietly("broker", broker::close);
    }
    if (tempStateDir != null) {
      deleteRecursively(tempStateDir);
    }
    MockSchemaRegistry.drop(DemoCommand.REGISTRY_SCOPE);
    if (started) {
      out.printf("cipherwatch demo stopped (%,d handshakes sent; shutdown took %s)%n",
          publisher == null ? 0 : publisher.sent(),
          DurationConverter.format(Duration.ofNanos(System.nanoTime() - begin)));
      out.flush();
    }
  }

  /** A shutdown step that may fail. */
  private interface Step {
    void run() throws Exception;
  }

  private static void quietly(String what, Step step) {
    try {
      step.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      System.err.println("Stopping the " + what + " failed: " + e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      System.err.println("Could not delete the temporary state directory " + dir + ": " + e.getMessage());
    }
  }
}
