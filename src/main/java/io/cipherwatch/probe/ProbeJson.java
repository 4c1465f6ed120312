package io.cipherwatch.probe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cipherwatch.catalog.CipherCatalog;
import io.cipherwatch.readiness.ReportFormat;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The JSON form of a {@link ProbeReport}: what {@code probe} prints or writes, and what {@code readiness --probes} reads. */
public final class ProbeJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ProbeJson() {}

  /** One line of JSON. */
  public static String write(ProbeReport r) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("trunkId", r.trunkId()).put("remote", r.remote()).put("timestamp", r.timestamp().toString());
    n.set("removed", ReportFormat.suites(r.removed()));
    n.set("offered", ReportFormat.suites(r.offered()));
    n.set("notOffered", ReportFormat.suites(r.notOffered()));
    n.put("accepted", r.accepted());
    n.put("chosen", r.chosen() < 0 ? null : String.format("0x%04X", r.chosen()));
    n.put("protocol", r.protocol()).put("detail", r.detail());
    return n.toString();
  }

  /**
   * Parses one line written by {@link #write}.
   *
   * @throws IllegalArgumentException saying what is wrong with the line
   */
  public static ProbeReport read(String line) {
    JsonNode n;
    try {
      n = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject() || !n.hasNonNull("trunkId") || !n.hasNonNull("timestamp")
        || !n.hasNonNull("accepted") || !n.path("offered").isArray()) {
      throw new IllegalArgumentException("a probe line needs trunkId, timestamp, accepted and offered");
    }
    Instant ts;
    try {
      ts = Instant.parse(n.get("timestamp").asText());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("timestamp '" + n.get("timestamp").asText() + "' is not ISO-8601");
    }
    JsonNode chosen = n.get("chosen");
    return new ProbeReport(n.get("trunkId").asText(), n.path("remote").asText(""), ts, codes(n.get("removed")),
        codes(n.get("offered")), codes(n.get("notOffered")), n.get("accepted").asBoolean(),
        chosen == null || chosen.isNull() ? -1 : CipherCatalog.standard().parseCode(chosen.asText()),
        text(n, "protocol"), text(n, "detail"));
  }

  private static String text(JsonNode n, String f) {
    JsonNode v = n.get(f);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static int[] codes(JsonNode a) {
    if (a == null || !a.isArray()) {
      return new int[0];
    }
    int[] out = new int[a.size()];
    int i = 0;
    for (JsonNode c : (ArrayNode) a) {
      out[i++] = CipherCatalog.standard().parseCode(c.asText());
    }
    return out;
  }
}
