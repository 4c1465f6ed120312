package io.cipherwatch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cipherwatch.avro.AlertState;
import io.cipherwatch.avro.AlertType;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.metrics.Records;
import io.cipherwatch.json.JsonOutput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Merging the answers of several instances, as they arrive: local maps and JSON parsed from other instances. */
class MergeTest {

  /** A body as another instance would send it (through JSON). */
  private static Object viaJson(Object body) throws Exception {
    return Json.read(new String(Json.write(body), StandardCharsets.UTF_8));
  }

  private static Map<String, Object> alert(String trunk, AlertType type, AlertState state, long seconds) {
    return new HashMap<>(JsonOutput.toMap(Records.alert(trunk, Direction.INBOUND, type, state,
        Records.START.plusSeconds(seconds).plusMillis(seconds % 2 == 0 ? 0 : 500))));
  }

  @Test
  void alertsAreConcatenatedCountedAndSortedCriticalFirstThenNewest() throws Exception {
    Map<String, Object> a = Map.of("count", 2, "alerts", new ArrayList<>(List.of(
        alert("t1", AlertType.PREFERS_DEPRECATED, AlertState.OPEN, 50),
        alert("t1", AlertType.DEPRECATED_ONLY, AlertState.OPEN, 10))));
    Object b = viaJson(Map.of("count", 2, "alerts", List.of(
        alert("t2", AlertType.REGRESSION, AlertState.RESOLVED, 11),
        alert("t3", AlertType.DEPRECATED_ONLY, AlertState.OPEN, 10))));
    Map<String, Object> merged = InteractiveQueries.mergeAlerts(List.of(a, b, viaJson(Map.of("count", 0,
        "alerts", List.of()))));
    assertEquals(4, merged.get("count"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> alerts = (List<Map<String, Object>>) merged.get("alerts");
    // 11.5 s is newer than 10 s even though "…:11.500Z" sorts before "…:10Z" as text.
    assertEquals(List.of("t2", "t1", "t3", "t1"), alerts.stream().map(m -> m.get("trunkId")).toList());
    assertEquals("WARNING", alerts.get(3).get("severity"));
  }

  @Test
  void fleetTakesEachDirectionFromWhoeverHasItAndTheNewestOnOverlap() throws Exception {
    Map<String, Object> inbound = JsonOutput.toMap(Records.fleet(Direction.INBOUND, 120, 4, 1, 0, Map.of(), 0, 1, 0, 0));
    Map<String, Object> olderInbound = JsonOutput.toMap(Records.fleet(Direction.INBOUND, 60, 4, 4, 0, Map.of(), 0, 1, 0, 0));
    Map<String, Object> none = new HashMap<>();
    none.put("INBOUND", null);
    none.put("OUTBOUND", null);
    Map<String, Object> withOld = new HashMap<>(none);
    withOld.put("INBOUND", olderInbound);
    Map<String, Object> withNew = new HashMap<>(none);
    withNew.put("INBOUND", inbound);
    @SuppressWarnings("unchecked")
    Map<String, Object> merged = (Map<String, Object>) InteractiveQueries.mergeFleet(
        List.of(viaJson(Map.of("fleet", withOld)), Map.of("fleet", withNew), viaJson(Map.of("fleet", none))))
        .get("fleet");
    assertEquals(List.of("INBOUND", "OUTBOUND"), List.copyOf(merged.keySet()));
    @SuppressWarnings("unchecked")
    Map<String, Object> in = (Map<String, Object>) merged.get("INBOUND");
    assertEquals(0.25, in.get("deprecatedShare"));
    assertNull(merged.get("OUTBOUND"));
  }
}
