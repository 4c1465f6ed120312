package io.cipherwatch.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.alerting.AlertType;
import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.FleetUsage;
import io.cipherwatch.avro.RiskLevel;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoConsoleTest {
  private static final Instant END = Instant.parse("2026-03-02T10:01:00Z");

  private static FleetUsage fleet(Direction d, double deprecated, double wouldBreak) {
    return FleetUsage.newBuilder().setDirection(d).setWindowStart(END.minusSeconds(60)).setWindowEnd(END)
        .setTrunks(120).setHandshakes(10_500).setEstablishedHandshakes(10_000).setFailedHandshakes(500)
        .setDeprecatedHandshakes((long) (deprecated * 10_000)).setDeprecatedShare(deprecated)
        .setWouldBreakHandshakes((long) (wouldBreak * 10_000)).setWouldBreakShare(wouldBreak)
        .setCleanHandshakes(5_000).setOffersDeprecatedHandshakes(0).setPrefersDeprecatedHandshakes(0)
        .setDeprecatedOnlyHandshakes((long) (wouldBreak * 10_000)).setCipherCounts(Map.of())
        .setCriticalTrunks(3).setWarningTrunks(4).setInfoTrunks(5).setCleanTrunks(108).build();
  }

  private static CipherUsage usage(String id, RiskLevel risk, double wouldBreak) {
    return CipherUsage.newBuilder().setTrunkId(id).setDirection(Direction.INBOUND)
        .setWindowStart(END.minusSeconds(60)).setWindowEnd(END).setHandshakes(40).setEstablishedHandshakes(40)
        .setFailedHandshakes(0).setDeprecatedHandshakes(40).setDeprecatedShare(1.0).setWouldBreakHandshakes(0)
        .setWouldBreakShare(wouldBreak).setCleanHandshakes(0).setOffersDeprecatedHandshakes(0)
        .setPrefersDeprecatedHandshakes(0).setDeprecatedOnlyHandshakes(40).setCipherCounts(Map.of())
        .setRiskLevel(risk).setTrunkName("Acme Contact Center 1 - Lumen").setOrganizationName("Acme Corp")
        .setCarrier("Lumen").build();
  }

  private static DemoConsole.Snapshot snapshot(Map<Direction, FleetUsage> fleet, List<CipherUsage> top,
      String note) {
    Map<RiskLevel, Integer> risk = new EnumMap<>(RiskLevel.class);
    risk.put(RiskLevel.CRITICAL, 3);
    risk.put(RiskLevel.WARNING, 4);
    risk.put(RiskLevel.INFO, 5);
    risk.put(RiskLevel.CLEAN, 108);
    Map<AlertType, Integer> open = new EnumMap<>(AlertType.class);
    for (AlertType t : AlertType.values()) {
      open.put(t, 0);
    }
    open.put(AlertType.DEPRECATED_ONLY, 7);
    open.put(AlertType.PREFERS_DEPRECATED, 2);
    return new DemoConsole.Snapshot(END.plusSeconds(8), Duration.ofSeconds(75), 22_500, 0, 22_400, 299.6, 45,
        fleet, risk, open, 1, top, note);
  }

  @Test
  void rendersEveryPartOfTheSummary() {
    Map<Direction, FleetUsage> f = new EnumMap<>(Direction.class);
    f.put(Direction.INBOUND, fleet(Direction.INBOUND, 0.2345, 0.074));
    f.put(Direction.OUTBOUND, fleet(Direction.OUTBOUND, 0.07, 0.07));
    String s = DemoConsole.render(snapshot(f, List.of(usage("t-1", RiskLevel.CRITICAL, 1.0)), null),
        "http://localhost:8080", "http://localhost:8081", ZoneOffset.UTC);
    assertTrue(s.startsWith("== cipherwatch demo | 10:01:08 | up 1m15s "), s);
    assertTrue(s.contains("Handshakes   22,400 processed (300/s)  |  22,500 sent  |  dead letters 45"), s);
    assertFalse(s.contains("send errors"), s);
    assertTrue(s.contains("Fleet        window 10:00:00-10:01:00"), s);
    assertTrue(s.contains("  INBOUND   deprecated  23.5%   would-break   7.4%    10,000 established    120 trunks"), s);
    assertTrue(s.contains("  OUTBOUND  deprecated   7.0%   would-break   7.0%"), s);
    assertTrue(s.contains("Trunks       CRITICAL 3  |  WARNING 4  |  INFO 5  |  CLEAN 108"), s);
    assertTrue(s.contains("Open alerts  9 open:  DEPRECATED_ONLY 7  PREFERS_DEPRECATED 2  REGRESSION 0"
        + "  HANDSHAKE_FAILURES 0  (1 resolved)"), s);
    assertTrue(s.contains("CRITICAL  INBOUND         100.0%      100.0%   Acme Contact Center 1 - Lumen -- Acme Corp,"
        + " Lumen"), s);
    assertTrue(s.contains("Metrics      http://localhost:8081/metrics"), s);
    assertTrue(s.contains("http://localhost:8080/api/trunks/t-1"), "links the worst trunk: " + s);
  }

  @Test
  void saysSoWhenNothingHasClosedYetOrStoresAreMigrating() {
    String s = DemoConsole.render(snapshot(Map.of(), List.of(), "stores not queryable right now (REBALANCING)"),
        "http://localhost:1234", "http://localhost:1235", ZoneOffset.UTC);
    assertTrue(s.contains("Fleet        no window has closed yet"), s);
    assertFalse(s.contains("Top at-risk"), s);
    assertTrue(s.contains("Note         stores not queryable right now (REBALANCING)"), s);
    assertTrue(s.contains("http://localhost:1234/api/trunks/{trunkId}"), s);
  }
}
