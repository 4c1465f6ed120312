package io.cipherwatch.serde;

import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;

/**
 * How the serializer names the registry subject of a record, as Confluent's strategies of the same names.
 * Configured with {@code key.subject.name.strategy} / {@code value.subject.name.strategy}.
 */
public enum SubjectNameStrategy {
  /** {@code <topic>-key} / {@code <topic>-value} (the default). */
  TOPIC_NAME("TopicNameStrategy"),
  /** The record's fully-qualified name, whatever the topic. */
  RECORD_NAME("RecordNameStrategy");

  private static final String CONFLUENT_PACKAGE = "io.confluent.kafka.serializers.subject.";

  private final String shortName;

  SubjectNameStrategy(String shortName) {
    this.shortName = shortName;
  }

  /** The subject for a record of {@code schema} written to {@code topic} as key or value. */
  public String subject(String topic, boolean isKey, Schema schema) {
    return switch (this) {
      case TOPIC_NAME -> topic + (isKey ? "-key" : "-value");
      case RECORD_NAME -> schema.getFullName();
    };
  }

  /**
   * Parses a configured value: Confluent's class name ({@code io.confluent.kafka.serializers.subject.TopicNameStrategy})
   * or the short name ({@code TopicNameStrategy}); {@code null} or blank means {@link #TOPIC_NAME}.
   */
  public static SubjectNameStrategy parse(String key, Object value) {
    if (value == null || value.toString().isBlank()) {
      return TOPIC_NAME;
    }
    String name = value instanceof Class<?> c ? c.getName() : value.toString().trim();
    if (name.startsWith(CONFLUENT_PACKAGE)) {
      name = name.substring(CONFLUENT_PACKAGE.length());
    }
    for (SubjectNameStrategy s : values()) {
      if (s.shortName.equals(name) || s.name().equals(name.toUpperCase(Locale.ROOT))) {
        return s;
      }
    }
    throw new ConfigException(key, value, "unsupported subject name strategy; use TopicNameStrategy or"
        + " RecordNameStrategy (optionally with the package " + CONFLUENT_PACKAGE + ")");
  }
}
