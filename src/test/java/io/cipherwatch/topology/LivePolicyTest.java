package io.cipherwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.DeprecationAlert;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.FleetUsage;
import io.cipherwatch.policy.ActivePolicy;
import io.cipherwatch.policy.CipherPolicy;
import io.cipherwatch.policy.PolicyRecords;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A policy published in mid-stream applies to later events without a restart; every row names its version. */
class LivePolicyTest {
  static final int[] SUPPORTED = {0x0035, 0x003D, 0x009C, 0x009D, 0xC014, 0xC028, 0xC02F, 0xC030};
  final TopologyFixture f = new TopologyFixture(Map.of("cipherwatch.usage.window.size", "PT10M",
      "cipherwatch.usage.window.advance", "PT10M", "cipherwatch.usage.window.grace", "PT1M"));
  final TestInputTopic<String, byte[]> policy = f.driver.createInputTopic(f.cfg.policyTopic(),
      Serdes.String().serializer(), Serdes.ByteArray().serializer());
  final Serializer<io.cipherwatch.avro.CipherPolicy> policySerializer =
      CipherwatchTopology.avro(io.cipherwatch.avro.CipherPolicy.class, f.cfg.serdeConfig()).serializer();

  @AfterEach
  void close() {
    f.close();
  }

  static Instant at(int minutes) {
    return TopologyFixture.T0.plusSeconds(minutes * 60L);
  }

  void publish(long version, int... deprecated) {
    ActivePolicy p = new ActivePolicy(version, new CipherPolicy(deprecated, SUPPORTED), LocalDate.of(2026, 6, 1),
        Map.of("all-cbc", new int[] {0x003D, 0xC028, 0x0035, 0xC014}));
    policy.pipeInput(PolicyRecords.KEY, policySerializer.serialize(f.cfg.policyTopic(),
        PolicyRecords.toAvro(p, "test")));
  }

  /** One inbound handshake offering and choosing only 0xC030 in the window starting at {@code minute}. */
  CipherUsage windowWithC030(int minute) {
    f.send("t1", Direction.INBOUND, at(minute + 1), List.of(0xC030), 0xC030);
    f.tick(at(minute + 12));
    List<CipherUsage> rows = TopologyFixture.values(f.usage);
    assertEquals(1, rows.size(), rows.toString());
    return rows.get(0);
  }

  @Test
  void aNewVersionAppliesToLaterEventsAndEveryRowCarriesItsVersion() {
    CipherUsage before = windowWithC030(0);
    assertEquals(0L, before.getPolicyVersion());
    assertEquals(0L, before.getDeprecatedHandshakes());

    publish(1, 0xC030);
    assertEquals(1L, f.cfg.policyHolder().version());
    assertEquals(LocalDate.of(2026, 6, 1), f.cfg.policyHolder().current().plannedRemovalDate());
    CipherUsage after = windowWithC030(20);
    assertEquals(1L, after.getPolicyVersion());
    assertEquals(1L, after.getDeprecatedHandshakes());
    assertEquals(1L, after.getWouldBreakHandshakes());
    List<DeprecationAlert> alerts = TopologyFixture.values(f.alerts);
    assertTrue(!alerts.isEmpty() && alerts.stream().allMatch(a -> a.getPolicyVersion() == 1L), alerts.toString());
    List<FleetUsage> fleet = TopologyFixture.values(f.fleet);
    assertEquals(0L, fleet.get(0).getPolicyVersion());
    assertEquals(1L, fleet.get(fleet.size() - 1).getPolicyVersion());
  }

  @Test
  void staleInvalidAndMisKeyedRecordsLeaveThePolicyInEffect() {
    publish(2, 0xC030);
    publish(1, 0x003D);
    policy.pipeInput(PolicyRecords.KEY, "not avro".getBytes(StandardCharsets.UTF_8));
    policy.pipeInput("other-key", policySerializer.serialize(f.cfg.policyTopic(),
        PolicyRecords.toAvro(new ActivePolicy(3, new CipherPolicy(new int[0], SUPPORTED), null, Map.of()), null)));
    // an empty supported set would make every handshake "breaking": refused
    policy.pipeInput(PolicyRecords.KEY, policySerializer.serialize(f.cfg.policyTopic(),
        io.cipherwatch.avro.CipherPolicy.newBuilder().setVersion(4).setDeprecated(List.of())
            .setSupported(List.of()).build()));
    assertEquals(2L, f.cfg.policyHolder().version());
    assertEquals(4L, f.cfg.policyHolder().rejectedCount());
    assertEquals(1L, windowWithC030(0).getDeprecatedHandshakes());
  }

  @Test
  void deletingThePolicyRecordReturnsToTheConfiguredKeys() {
    publish(1, 0xC030);
    policy.pipeInput(PolicyRecords.KEY, (byte[]) null);
    assertEquals(0L, f.cfg.policyHolder().version());
    CipherUsage row = windowWithC030(0);
    assertEquals(0L, row.getPolicyVersion());
    assertEquals(0L, row.getDeprecatedHandshakes());
  }
}
