package io.cipherwatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cipherwatch.cli.Main;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small end-to-end run of {@code bench}: every phase runs and the JSON holds every figure (no timing checks). */
class BenchCommandIT {
  static final List<String> POSITIVE = List.of("events", "trunks", "partitions", "baselineEventsPerSec",
      "eosEventsPerSec", "alosEventsPerSec", "eosRatio", "alosRatio", "p50AlertLatencyMs", "p99AlertLatencyMs",
      "peakHeapBytes", "peakRssBytes", "alertsMeasured", "eosStateStoreBytes", "alosStateStoreBytes",
      "eosLiveHeapBytes", "alosLiveHeapBytes", "eosRestoreMs", "usageRecords", "warmupEvents", "outputRecords",
      "outputBytes", "floorEventsPerSec", "floorRatio", "eosFloorRatio", "alosFloorRatio", "dslEventsPerSec",
      "dslRatio", "dslStateStoreBytes", "eosOnChangeEventsPerSec", "eosOnChangeRatio", "everyWindowUsageRows",
      "onChangeUsageRows", "onChangeUsageRowsShare", "frameworkEventsPerSec", "frameworkAlosEventsPerSec",
      "eosFrameworkRatio", "alosFrameworkRatio", "frameworkFloorRatio");

  @Test
  void benchWritesEveryFigure(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("results.json");
    int code = Main.commandLine().execute("bench", "--events", "20000", "--trunks", "500", "--partitions", "2",
        "--warmup-events", "5000", "--latency-seconds", "8", "--out", out.toString());
    assertEquals(0, code, "bench exit code");
    JsonNode json = new ObjectMapper().readTree(out.toFile());
    for (String key : POSITIVE) {
      assertTrue(json.hasNonNull(key), "missing " + key + " in " + json);
      assertTrue(json.get(key).isNumber() && json.get(key).asDouble() > 0, key + " must be positive: " + json.get(key));
    }
    assertEquals(20000, json.get("events").asLong());
    assertEquals(500, json.get("trunks").asLong());
    assertEquals(2, json.get("partitions").asLong());
    // the at-least-once instance writes every-window rows (end offsets: no transaction markers); on-change fewer
    assertEquals(json.get("usageRecords").asLong(), json.get("everyWindowUsageRows").asLong());
    assertTrue(json.get("onChangeUsageRows").asLong() < json.get("everyWindowUsageRows").asLong());
    // every input record is accounted for: valid handshakes plus dead letters, in every run
    for (String run : List.of("eos", "alos", "eosOnChange")) {
      assertEquals(20000, json.get(run + "Handshakes").asLong() + json.get(run + "DeadLetters").asLong(), run);
    }
    assertEquals(json.get("malformedEvents").asLong(), json.get("eosDeadLetters").asLong(),
        "the simulator's malformed records, and nothing else, are dead letters");
    assertTrue(json.get("machine").get("cores").asInt() > 0);
    // the floor writes at least the usage rows and one trunk-state changelog record per valid handshake
    assertTrue(json.get("outputRecords").asLong() >= json.get("usageRecords").asLong()
        + json.get("alosHandshakes").asLong(), "output floor records: " + json.get("outputRecords"));
    // Kafka Streams alone commits the volume the topology wrote: a store record per decoded event (the topology's
    // trunk-state record per valid one) and the rest spread over the input, up to one record per task rounded off
    long framework = json.get("frameworkCommittedRecords").asLong();
    long topology = json.get("outputRecords").asLong();
    assertTrue(Math.abs(framework - topology) <= json.get("malformedEvents").asLong() + 2,
        "framework " + framework + " records, topology " + topology);
  }
}
