package io.cipherwatch.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cipherwatch.avro.HandshakeEvent;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SubjectNameStrategyTest {
  private static final String KEY = SchemaRegistrySerdeConfig.VALUE_SUBJECT_NAME_STRATEGY;

  @Test
  void parsesConfluentClassNamesShortNamesAndDefault() {
    assertEquals(SubjectNameStrategy.TOPIC_NAME, SubjectNameStrategy.parse(KEY, null));
    assertEquals(SubjectNameStrategy.TOPIC_NAME, SubjectNameStrategy.parse(KEY, " "));
    assertEquals(SubjectNameStrategy.TOPIC_NAME, SubjectNameStrategy.parse(KEY, "TopicNameStrategy"));
    assertEquals(SubjectNameStrategy.TOPIC_NAME,
        SubjectNameStrategy.parse(KEY, "io.confluent.kafka.serializers.subject.TopicNameStrategy"));
    assertEquals(SubjectNameStrategy.RECORD_NAME, SubjectNameStrategy.parse(KEY, "RecordNameStrategy"));
    assertEquals(SubjectNameStrategy.RECORD_NAME,
        SubjectNameStrategy.parse(KEY, "io.confluent.kafka.serializers.subject.RecordNameStrategy"));
  }

  @Test
  void rejectsUnsupportedStrategiesNamingTheKey() {
    ConfigException e = assertThrows(ConfigException.class, () -> SubjectNameStrategy.parse(KEY,
        "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy"));
    assertEquals(true, e.getMessage().contains(KEY), e.getMessage());
  }

  @Test
  void namesSubjects() {
    assertEquals("tls-handshakes-value",
        SubjectNameStrategy.TOPIC_NAME.subject("tls-handshakes", false, HandshakeEvent.getClassSchema()));
    assertEquals("tls-handshakes-key",
        SubjectNameStrategy.TOPIC_NAME.subject("tls-handshakes", true, HandshakeEvent.getClassSchema()));
    assertEquals("io.cipherwatch.avro.HandshakeEvent",
        SubjectNameStrategy.RECORD_NAME.subject("tls-handshakes", false, HandshakeEvent.getClassSchema()));
  }
}
