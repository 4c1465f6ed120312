package io.cipherwatch.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import kafka.server.KafkaConfig;
import org.junit.jupiter.api.Test;

class BrokerConfigTest {

  private final Path dir = Path.of("/tmp/kafka-data");
  private final Map<String, String> props = BrokerConfig.properties(dir, 19092, 19093);

  @Test
  void everyKeyIsAKnownBrokerSetting() {
    Set<String> known = KafkaConfig.configDef().names();
    props.keySet().forEach(key -> assertTrue(known.contains(key), "unknown broker setting " + key));
  }

  @Test
  void kafkaAcceptsTheConfiguration() {
    KafkaConfig config = new KafkaConfig(props, false);
    assertEquals(1, config.nodeId());
    assertEquals(dir.toString(), config.metadataLogDir());
  }

  @Test
  void combinedModeOnLoopbackWithStaticSingleVoter() {
    assertEquals("broker,controller", props.get("process.roles"));
    assertEquals("1@127.0.0.1:19093", props.get("controller.quorum.voters"));
    assertEquals("PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093", props.get("listeners"));
    assertEquals("PLAINTEXT://127.0.0.1:19092", props.get("advertised.listeners"));
    assertEquals(dir.toString(), props.get("log.dirs"));
  }

  @Test
  void singleReplicaSettingsForExactlyOnce() {
    for (String key : new String[] {"offsets.topic.replication.factor", "transaction.state.log.replication.factor",
        "transaction.state.log.min.isr", "min.insync.replicas", "share.coordinator.state.topic.replication.factor",
        "share.coordinator.state.topic.min.isr", "default.replication.factor"}) {
      assertEquals("1", props.get(key), key);
    }
    assertEquals("false", props.get("auto.create.topics.enable"));
    assertEquals("0", props.get("group.initial.rebalance.delay.ms"));
    assertEquals("1", props.get("num.partitions"));
  }

  @Test
  void rejectsClashingOrInvalidPorts() {
    assertThrows(IllegalArgumentException.class, () -> BrokerConfig.properties(dir, 19092, 19092));
    assertThrows(IllegalArgumentException.class, () -> BrokerConfig.properties(dir, 0, 19093));
  }
}
