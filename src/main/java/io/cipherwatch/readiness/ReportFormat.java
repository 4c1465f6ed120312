package io.cipherwatch.readiness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The readiness answer's one JSON shape and one CSV layout, shared by the offline command and the HTTP API.
 * Suites are {@code "0x003D"} strings, dates ISO-8601, and absent values JSON null (empty in CSV).
 */
public final class ReportFormat {
  /** The CSV header, one row per (organization, trunk, direction). */
  public static final String CSV_HEADER = "organizationId,organizationName,trunkId,trunkName,direction,verdict,"
      + "handshakes,wouldBreak,unverified,contact";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ReportFormat() {}

  /**
   * The report as JSON.
   *
   * @param withForecast whether to add a {@code forecast} object (slope, its 95% interval, the daily series)
   */
  public static ObjectNode json(ReadinessReport r, boolean withForecast) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("asOf", r.asOf().toString());
    root.set("remove", suites(r.remove()));
    ObjectNode fleet = root.putObject("fleet");
    counts(fleet, r.fleet());
    fleet.put("wouldBreakShare", r.fleet().wouldBreakShare());
    Trend t = r.trend();
    fleet.put("projectedReadyDate", t.projectedReadyDate() == null ? null : t.projectedReadyDate().toString());
    fleet.put("projectedReadyReason", t.reason());
    ArrayNode orgs = root.putArray("organizations");
    for (ReadinessReport.Organization o : r.organizations()) {
      orgs.addObject().put("organizationId", o.organizationId()).put("verdict", o.verdict().name())
          .put("trunks", o.trunks());
    }
    ArrayNode trunks = root.putArray("trunks");
    for (ReadinessReport.TrunkRow row : r.trunks()) {
      ObjectNode n = trunks.addObject();
      n.put("trunkId", row.trunkId()).put("direction", row.direction().name())
          .put("organizationId", row.info().organizationId()).put("verdict", row.verdict().name());
      counts(n, row.counts());
      n.set("sampleOffer", row.sampleOffer() == null ? n.nullNode() : suites(row.sampleOffer()));
    }
    if (withForecast) {
      root.set("forecast", forecast(t, r.fleetSeries()));
    }
    return root;
  }

  /** A trend and its series as JSON: days, slope, slopeLow, slopeHigh (null when not fitted), series. */
  public static ObjectNode forecast(Trend t, List<Trend.Point> series) {
    ObjectNode f = MAPPER.createObjectNode();
    f.put("days", t.days());
    number(f, "slope", t.slope());
    number(f, "slopeLow", t.slopeLow());
    number(f, "slopeHigh", t.slopeHigh());
    f.put("projectedReadyDate", t.projectedReadyDate() == null ? null : t.projectedReadyDate().toString());
    f.put("projectedReadyReason", t.reason());
    ArrayNode s = f.putArray("series");
    for (Trend.Point p : series) {
      s.addObject().put("day", p.day().toString()).put("wouldBreakShare", p.share());
    }
    return f;
  }

  private static void number(ObjectNode n, String field, double v) {
    if (Double.isNaN(v)) {
      n.putNull(field);
    } else {
      n.put(field, v);
    }
  }

  private static void counts(ObjectNode n, ImpactCounts c) {
    n.put("handshakes", c.handshakes()).put("failed", c.failed()).put("wouldBreak", c.wouldBreak())
        .put("unverified", c.unverified());
  }

  /** Codes as {@code "0x003D"} strings. */
  public static ArrayNode suites(int[] codes) {
    ArrayNode a = MAPPER.createArrayNode();
    for (int c : codes) {
      a.add(RemovalImpact.hex(c));
    }
    return a;
  }

  /** The report as CSV with {@link #CSV_HEADER}, lines ending in CRLF as RFC 4180 asks. */
  public static String csv(ReadinessReport r) {
    StringBuilder b = new StringBuilder(CSV_HEADER).append("\r\n");
    for (ReadinessReport.TrunkRow row : r.trunks()) {
      TrunkInfo i = row.info();
      cell(b, i.organizationId()).append(',');
      cell(b, i.organizationName()).append(',');
      cell(b, row.trunkId()).append(',');
      cell(b, i.trunkName()).append(',');
      b.append(row.direction().name()).append(',').append(row.verdict().name()).append(',')
          .append(row.counts().handshakes()).append(',').append(row.counts().wouldBreak()).append(',')
          .append(row.counts().unverified()).append(',');
      cell(b, i.contact()).append("\r\n");
    }
    return b.toString();
  }

  private static StringBuilder cell(StringBuilder b, String v) {
    if (v == null) {
      return b;
    }
    if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
      return b.append(v);
    }
    return b.append('"').append(v.replace("\"", "\"\"")).append('"');
  }
}
