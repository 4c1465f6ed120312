package io.cipherwatch.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cipherwatch.catalog.CipherCatalog;
import io.cipherwatch.policy.ActivePolicy;
import io.cipherwatch.policy.CipherPolicy;
import io.cipherwatch.policy.PolicyHolder;
import io.cipherwatch.readiness.DayBucketCodec;
import io.cipherwatch.readiness.OfferHistory;
import io.cipherwatch.readiness.ProbeResult;
import io.cipherwatch.readiness.Readiness;
import io.cipherwatch.readiness.ReadinessReport;
import io.cipherwatch.readiness.RemovalImpact;
import io.cipherwatch.readiness.ReportFormat;
import io.cipherwatch.readiness.TrunkInfo;
import io.cipherwatch.readiness.TrunkKey;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code /api/readiness} answers from raw {@code readiness-state} entries (this instance's, or gathered from
 * every instance): the report in the offline command's JSON shape plus the fleet forecast, for the removal set
 * asked for or the live policy's deprecated set, and one section per named candidate set of the policy; the
 * latest probe per trunk settles outbound verdicts.
 */
final class ReadinessAnswers {
  private final PolicyHolder policy;
  private final Readiness readiness;

  ReadinessAnswers(PolicyHolder policy, Readiness readiness) {
    this.policy = policy;
    this.readiness = readiness;
  }

  /** This instance's raw entries as a forwardable body: {@code {"entries": [[key, value], ...]}} (base64). */
  static Map<String, Object> rawBody(List<Map.Entry<byte[], byte[]>> entries) {
    List<List<String>> out = new ArrayList<>(entries.size());
    Base64.Encoder b64 = Base64.getEncoder();
    for (Map.Entry<byte[], byte[]> e : entries) {
      out.add(List.of(b64.encodeToString(e.getKey()), b64.encodeToString(e.getValue())));
    }
    return Map.of("entries", out);
  }

  /** The entries of raw bodies (as parsed JSON). */
  @SuppressWarnings("unchecked")
  static List<Map.Entry<byte[], byte[]>> entries(List<Object> bodies) {
    List<Map.Entry<byte[], byte[]>> out = new ArrayList<>();
    Base64.Decoder b64 = Base64.getDecoder();
    for (Object body : bodies) {
      Object list = body instanceof Map<?, ?> m ? m.get("entries") : null;
      if (list instanceof List<?> l) {
        for (Object pair : l) {
          List<String> kv = (List<String>) pair;
          out.add(new AbstractMap.SimpleEntry<>(b64.decode(kv.get(0)), b64.decode(kv.get(1))));
        }
      }
    }
    return out;
  }

  /**
   * The projected ready instant (start of the UTC day) per set of an answer: {@code deprecated} for the answer's
   * own set (asked without a list), then each candidate set by name; sets without a date are left out.
   */
  static Map<String, Instant> projectedReady(Object body) {
    Map<String, Instant> out = new LinkedHashMap<>();
    if (body instanceof JsonNode n) {
      put(out, "deprecated", n.path("fleet").path("projectedReadyDate"));
      for (JsonNode c : n.path("candidateSets")) {
        if (!"deprecated".equals(c.path("name").asText())) {
          put(out, c.path("name").asText(), c.path("fleet").path("projectedReadyDate"));
        }
      }
    }
    return out;
  }

  private static void put(Map<String, Instant> out, String set, JsonNode date) {
    if (date.isTextual()) {
      out.put(set, LocalDate.parse(date.asText()).atStartOfDay(ZoneOffset.UTC).toInstant());
    }
  }

  /** The removal set: the parameter's list, else the live policy's deprecated set. */
  int[] removal(String removeParameter) {
    if (removeParameter == null || removeParameter.isBlank()) {
      return policy.current().rules().deprecatedCodes();
    }
    try {
      return CipherPolicy.parseList("remove", removeParameter, CipherCatalog.standard());
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(e.getMessage());
    }
  }

  /**
   * The answer for all organizations, or for one ({@code organizationId} non-null; 404 when it has no trunk).
   *
   * @param metadata trunk metadata by trunkId (null when unknown)
   */
  ApiResponse answer(List<Map.Entry<byte[], byte[]>> entries, Function<String, TrunkInfo> metadata,
      Map<String, ProbeResult> probes, int[] remove, String organizationId, Instant asOf) {
    Map<TrunkKey, OfferHistory> histories = new HashMap<>();
    DayBucketCodec.histories(entries.iterator(), histories);
    Map<String, TrunkInfo> infos = new HashMap<>();
    for (TrunkKey k : histories.keySet()) {
      TrunkInfo i = metadata.apply(k.trunkId());
      infos.put(k.trunkId(), i == null ? TrunkInfo.UNKNOWN : i);
    }
    if (organizationId != null) {
      histories.keySet().removeIf(k -> !organizationId.equals(infos.get(k.trunkId()).organizationId()));
      infos.values().removeIf(i -> !organizationId.equals(i.organizationId()));
      if (histories.isEmpty()) {
        return ApiResponse.error(404, "No trunk of organization '" + organizationId + "' has handshakes in the "
            + "readiness state; check the id (GET /api/readiness lists organizations)");
      }
    }
    ActivePolicy p = policy.current();
    int[] supported = p.rules().supportedCodes();
    ReadinessReport withInfo = readiness.report(histories, infos, probes, new RemovalImpact(supported, remove),
        asOf);
    ObjectNode body = ReportFormat.json(withInfo, true);
    body.put("policyVersion", p.version());
    body.put("plannedRemovalDate", p.plannedRemovalDate() == null ? null : p.plannedRemovalDate().toString());
    ArrayNode whatIf = body.putArray("candidateSets");
    p.candidateSets().forEach((name, set) -> {
      ReadinessReport r = readiness.report(histories, infos, probes, new RemovalImpact(supported, set), asOf);
      ObjectNode n = whatIf.addObject().put("name", name);
      n.set("remove", ReportFormat.suites(r.remove()));
      n.set("fleet", ReportFormat.json(r, false).get("fleet"));
      ObjectNode byVerdict = n.putObject("organizationsByVerdict");
      r.organizations().forEach(o -> byVerdict.put(o.verdict().name(),
          byVerdict.path(o.verdict().name()).asInt(0) + 1));
    });
    return ApiResponse.ok(body);
  }
}
