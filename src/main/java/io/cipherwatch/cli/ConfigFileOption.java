package io.cipherwatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config} option shared by {@code run}, {@code replay} and {@code simulate} (a picocli mixin). */
public final class ConfigFileOption {
  @Option(names = "--config", paramLabel = "FILE.properties",
      description = "Properties file: cipherwatch.* settings and Kafka client, Streams and schema-registry keys"
          + " (bootstrap.servers, security.protocol, sasl.*, ssl.*, basic.auth.*, ...).")
  Path file;

  /** The file, or null when the option is absent. */
  Path file() {
    return file;
  }

  /** The message for a file that cannot be read, or null when it can (or none was given). */
  String unreadable() {
    return file != null && !Files.isReadable(file)
        ? "Cannot read configuration file " + file + ": check the path and permissions." : null;
  }
}
