package io.cipherwatch.metrics;

import static io.cipherwatch.metrics.Records.alert;
import static io.cipherwatch.metrics.Records.fleet;
import static io.cipherwatch.metrics.Records.usage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.avro.AlertState;
import io.cipherwatch.avro.AlertType;
import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.FleetUsage;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GaugeRowsTest {

  private static Map<String, Double> byTags(List<GaugeRows.Sample> samples) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (GaugeRows.Sample s : samples) {
      String key = s.tags().stream().map(t -> t.getKey() + "=" + t.getValue()).collect(Collectors.joining(","));
      out.put(key, s.value());
    }
    return out;
  }

  @Test
  void worstTrunksDropsZeroSharesAndOrdersWouldBreakThenDeprecated() {
    List<CipherUsage> usage = List.of(
        usage("clean", Direction.INBOUND, 10, 0, 0, "Acme", "Telco"),
        usage("prefers-half", Direction.INBOUND, 10, 5, 0, "Acme", "Telco"),
        usage("break-tenth", Direction.OUTBOUND, 10, 1, 1, "Acme", "Telco"),
        usage("break-half", Direction.OUTBOUND, 10, 5, 5, "Beta", "Carrier"),
        usage("break-tenth-more-deprecated", Direction.OUTBOUND, 10, 3, 1, "Acme", "Telco"),
        usage("nothing-established", Direction.INBOUND, 0, 0, 0, null, null));
    List<String> ids = GaugeRows.worstTrunks(usage, 10).stream().map(CipherUsage::getTrunkId).toList();
    assertEquals(List.of("break-half", "break-tenth-more-deprecated", "break-tenth", "prefers-half"), ids);
  }

  @Test
  void worstTrunksCapsAfterOrderingWhateverTheInputOrder() {
    List<CipherUsage> usage = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      usage.add(usage(String.format("t%03d", i), Direction.OUTBOUND, 100, i, i % 2 == 0 ? i / 2 : 0, "Org", "C"));
    }
    Collections.shuffle(usage, new Random(7));
    List<CipherUsage> top = GaugeRows.worstTrunks(usage, 5);
    // Even i have would-break share i/200; the worst are i = 100, 98, 96, 94, 92.
    assertEquals(List.of("t100", "t098", "t096", "t094", "t092"), top.stream().map(CipherUsage::getTrunkId).toList());
    assertEquals(0, GaugeRows.worstTrunks(usage, 0).size());
    assertEquals(100, GaugeRows.worstTrunks(usage, 500).size());
  }

  @Test
  void trunkRowsCarryLabelsWithUnknownForMissingMetadata() {
    List<CipherUsage> selected = List.of(
        usage("t1", Direction.OUTBOUND, 4, 2, 1, "Acme Corp", "Telco"),
        usage("t2", Direction.INBOUND, 4, 1, 0, null, ""));
    Map<String, Double> deprecated = byTags(GaugeRows.trunkDeprecatedShare(selected));
    Map<String, Double> wouldBreak = byTags(GaugeRows.trunkWouldBreakShare(selected));
    assertEquals(Map.of(
        "carrier=Telco,direction=OUTBOUND,organization=Acme Corp,trunk_id=t1", 0.5,
        "carrier=unknown,direction=INBOUND,organization=unknown,trunk_id=t2", 0.25), deprecated);
    assertEquals(Map.of(
        "carrier=Telco,direction=OUTBOUND,organization=Acme Corp,trunk_id=t1", 0.25,
        "carrier=unknown,direction=INBOUND,organization=unknown,trunk_id=t2", 0.0), wouldBreak);
  }

  @Test
  void fleetRowsPerDirectionWithCipherSharesOfEstablishedAndEveryRiskLevel() {
    List<FleetUsage> fleet = List.of(
        fleet(Direction.INBOUND, 60, 8, 2, 1,
            Map.of("TLS_RSA_WITH_AES_256_CBC_SHA256", 2L, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", 6L), 1, 2, 0, 5),
        fleet(Direction.OUTBOUND, 60, 0, 0, 0, Map.of(), 0, 0, 0, 0));
    assertEquals(Map.of("direction=INBOUND", 0.25, "direction=OUTBOUND", 0.0),
        byTags(GaugeRows.fleetDeprecatedShare(fleet)));
    assertEquals(Map.of("direction=INBOUND", 0.125, "direction=OUTBOUND", 0.0),
        byTags(GaugeRows.fleetWouldBreakShare(fleet)));
    assertEquals(Map.of(
        "cipher=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,direction=INBOUND", 0.75,
        "cipher=TLS_RSA_WITH_AES_256_CBC_SHA256,direction=INBOUND", 0.25),
        byTags(GaugeRows.fleetCipherShare(fleet)), "no cipher rows for a window without established handshakes");
    Map<String, Double> trunks = byTags(GaugeRows.fleetTrunks(fleet));
    assertEquals(8, trunks.size());
    assertEquals(1.0, trunks.get("direction=INBOUND,risk_level=CRITICAL"));
    assertEquals(2.0, trunks.get("direction=INBOUND,risk_level=WARNING"));
    assertEquals(0.0, trunks.get("direction=INBOUND,risk_level=INFO"));
    assertEquals(5.0, trunks.get("direction=INBOUND,risk_level=CLEAN"));
    assertEquals(0.0, trunks.get("direction=OUTBOUND,risk_level=CRITICAL"));
  }

  @Test
  void fleetKeepsTheNewestWindowWhenTwoOwnersOverlap() {
    List<FleetUsage> fleet = List.of(
        fleet(Direction.INBOUND, 120, 10, 1, 0, Map.of(), 0, 1, 0, 0),
        fleet(Direction.INBOUND, 60, 10, 9, 0, Map.of(), 0, 1, 0, 0));
    assertEquals(Map.of("direction=INBOUND", 0.1), byTags(GaugeRows.fleetDeprecatedShare(fleet)));
  }

  @Test
  void alertsOpenCountsOnlyOpenAndReportsZeroForEveryTypeSeverityPair() {
    var t = Records.START;
    Map<String, Double> open = byTags(GaugeRows.alertsOpen(List.of(
        alert("a", Direction.INBOUND, AlertType.DEPRECATED_ONLY, AlertState.OPEN, t),
        alert("b", Direction.OUTBOUND, AlertType.DEPRECATED_ONLY, AlertState.OPEN, t),
        alert("c", Direction.OUTBOUND, AlertType.DEPRECATED_ONLY, AlertState.RESOLVED, t),
        alert("a", Direction.INBOUND, AlertType.PREFERS_DEPRECATED, AlertState.RESOLVED, t),
        alert("d", Direction.INBOUND, AlertType.HANDSHAKE_FAILURES, AlertState.OPEN, t))));
    assertEquals(Map.of(
        "severity=CRITICAL,type=DEPRECATED_ONLY", 2.0,
        "severity=WARNING,type=PREFERS_DEPRECATED", 0.0,
        "severity=CRITICAL,type=REGRESSION", 0.0,
        "severity=CRITICAL,type=HANDSHAKE_FAILURES", 1.0), open);
    assertEquals(4, GaugeRows.alertsOpen(List.of()).size());
    assertTrue(GaugeRows.alertsOpen(List.of()).stream().allMatch(s -> s.value() == 0));
  }

  @Test
  void trunkTagsAreSortedLabelSet() {
    Tags tags = GaugeRows.trunkTags(usage("t", Direction.INBOUND, 1, 1, 1, "O", "C"));
    assertEquals(List.of("carrier", "direction", "organization", "trunk_id"), tags.stream().map(Tag::getKey).toList());
  }
}
