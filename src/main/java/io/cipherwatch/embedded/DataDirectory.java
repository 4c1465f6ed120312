package io.cipherwatch.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The embedded broker's data directory: checked, locked against a second broker, formatted, deleted. */
final class DataDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final String META_PROPERTIES = "meta.properties";
  /**
   * Held while a broker runs on the directory. Kafka's own {@code .lock} is taken only after the
   * controller has opened the metadata log, too late to stop a second broker from damaging it.
   */
  static final String LOCK_FILE = "embedded-kafka.lock";

  private DataDirectory() {
  }

  /** Creates the directory if needed; refuses one that is neither empty nor a Kafka log directory. */
  static void prepare(Path logDir) {
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the Kafka data directory " + logDir, e);
    }
    if (Files.isRegularFile(logDir.resolve(META_PROPERTIES))) {
      LOG.debug("Reusing formatted Kafka data directory {}", logDir);
      return;
    }
    try (Stream<Path> entries = Files.list(logDir)) {
      if (entries.anyMatch(entry -> !entry.getFileName().toString().equals(LOCK_FILE))) {
        throw new IllegalArgumentException("Kafka data directory " + logDir + " is not empty but holds no "
            + META_PROPERTIES + "; pass a new or empty directory, or one an earlier run formatted");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the Kafka data directory " + logDir, e);
    }
  }

  /** Locks the directory against a second embedded broker in this or another process. */
  static FileLock lock(Path logDir) {
    FileChannel channel;
    try {
      channel = FileChannel.open(logDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the lock file in Kafka data directory " + logDir, e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("Cannot lock Kafka data directory " + logDir, e);
    }
    if (lock == null) {
      closeQuietly(channel);
      throw new IllegalStateException("Kafka data directory " + logDir + " is in use by another embedded broker"
          + " (in this or another process); stop that one first or use another directory");
    }
    return lock;
  }

  static void unlock(FileLock lock) {
    closeQuietly(lock.channel());
  }

  static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("Closing lock file channel failed: {}", e.toString());
    }
  }

  /**
   * Formats an empty log directory with Kafka's storage tool ({@code kafka-storage.sh format}), which
   * writes {@code meta.properties} and the bootstrap metadata snapshot for a new cluster id.
   */
  static void formatIfNeeded(Path logDir, Map<String, String> serverProperties, List<String> extraArgs) {
    if (Files.isRegularFile(logDir.resolve(META_PROPERTIES))) {
      return;
    }
    Path configFile = null;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      configFile = Files.createTempFile("cipherwatch-kafka-", ".properties");
      Properties properties = new Properties();
      properties.putAll(serverProperties);
      try (Writer writer = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
        properties.store(writer, "embedded Kafka broker, used only to format " + logDir);
      }
      String clusterId = Uuid.randomUuid().toString();
      List<String> args = new ArrayList<>(List.of("format", "--config", configFile.toString(), "--cluster-id", clusterId));
      args.addAll(extraArgs);
      int exit = StorageTool.execute(args.toArray(String[]::new), print);
      if (exit != 0) {
        throw new IllegalStateException("exit code " + exit + ": " + out.toString(StandardCharsets.UTF_8).strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot format the Kafka data directory " + logDir, e);
    } catch (RuntimeException e) {
      throw new IllegalStateException("Cannot format the Kafka data directory " + logDir + ": " + e.getMessage(),
          e);
    } finally {
      if (configFile != null) {
        deleteQuietly(configFile);
      }
    }
    LOG.debug("Formatted {}: {}", logDir, out.toString(StandardCharsets.UTF_8).strip());
  }

  static void deleteQuietly(Path dir) {
    try {
      Utils.delete(dir.toFile());
    } catch (IOException e) {
      LOG.warn("Could not delete embedded Kafka directory {}: {}", dir, e.toString());
    }
  }
}
