package io.cipherwatch.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.HandshakeOutcome;
import io.cipherwatch.avro.TrunkMetadata;
import io.cipherwatch.catalog.CipherCatalog;
import io.cipherwatch.policy.CipherPolicy;
import io.cipherwatch.policy.DeadLetterReason;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Reads handshake events and trunk metadata from JSON objects with the Avro field names, leniently, the way a
 * person exports data: timestamps as epoch millis or ISO-8601; cipher suites as ints, hex strings
 * ({@code "0x003D"}, {@code "0x00,0x3D"}), IANA names or OpenSSL names (an array, or one string separated by
 * commas or colons); optional fields absent; enum names in any case; {@code eventId} generated when absent.
 */
public final class JsonInput {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final CipherCatalog catalog = CipherCatalog.standard();

  /** What a reader does with one non-blank line of a JSON-lines file. */
  @FunctionalInterface
  public interface LineHandler {
    /** Handles {@code line}, the file's line {@code number} (from 1). */
    void line(String line, long number) throws IOException;
  }

  /**
   * Calls {@code handler} for every non-blank line of a UTF-8 JSON-lines file, in order, with its line number;
   * returns the number of lines read (blank ones included).
   */
  public static long forEachLine(Path file, LineHandler handler) throws IOException {
    long n = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        n++;
        if (!line.isBlank()) {
          handler.line(line, n);
        }
      }
    }
    return n;
  }

  /** Parses one events line; {@code lineNumber} makes generated eventIds deterministic. */
  public HandshakeEvent event(String line, long lineNumber) throws InputException {
    JsonNode n = object(line);
    HandshakeEvent.Builder b = HandshakeEvent.newBuilder();
    String eventId = text(n, "eventId");
    b.setEventId(eventId != null ? eventId
        : UUID.nameUUIDFromBytes((lineNumber + ":" + line).getBytes(StandardCharsets.UTF_8)).toString());
    b.setEdgeId(orEmpty(text(n, "edgeId")));
    b.setTrunkId(orEmpty(text(n, "trunkId")));
    b.setDirection(direction(n));
    b.setTimestamp(Instant.ofEpochMilli(timestamp(n, "timestamp")));
    String version = text(n, "protocolVersion");
    b.setProtocolVersion(version == null ? "unknown" : version);
    b.setOfferedCipherSuites(suites(n.get("offeredCipherSuites"), "offeredCipherSuites"));
    Integer chosen = suite(n.get("negotiatedCipherSuite"), "negotiatedCipherSuite");
    b.setNegotiatedCipherSuite(chosen);
    String outcome = text(n, "outcome");
    if (outcome == null) {
      b.setOutcome(chosen == null ? HandshakeOutcome.FAILED : HandshakeOutcome.ESTABLISHED);
    } else {
      try {
        b.setOutcome(HandshakeOutcome.valueOf(outcome.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new InputException(DeadLetterReason.BAD_OUTCOME, "outcome '" + outcome + "' is not ESTABLISHED or FAILED");
      }
    }
    b.setFailureReason(text(n, "failureReason"));
    b.setRemoteAddress(text(n, "remoteAddress"));
    b.setSni(text(n, "sni"));
    b.setRemoteUserAgent(text(n, "remoteUserAgent"));
    b.setCallId(text(n, "callId"));
    return b.build();
  }

  /** Parses one trunks line. */
  public TrunkMetadata trunk(String line) throws InputException {
    JsonNode n = object(line);
    String trunkId = text(n, "trunkId");
    if (trunkId == null || trunkId.isBlank()) {
      throw new InputException(DeadLetterReason.MISSING_FIELD, "trunkId is missing: every trunk line needs its trunkId");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    JsonNode l = n.get("labels");
    if (l != null && l.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = l.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        labels.put(e.getKey(), e.getValue().asText());
      }
    }
    return TrunkMetadata.newBuilder()
        .setTrunkId(trunkId)
        .setTrunkName(orDefault(text(n, "trunkName"), trunkId))
        .setOrganizationId(orEmpty(text(n, "organizationId")))
        .setOrganizationName(orEmpty(text(n, "organizationName")))
        .setTrunkType(orEmpty(text(n, "trunkType")))
        .setCarrier(orEmpty(text(n, "carrier")))
        .setRegion(orEmpty(text(n, "region")))
        .setContact(text(n, "contact"))
        .setLabels(labels)
        .build();
  }

  private static JsonNode object(String line) throws InputException {
    try {
      JsonNode n = MAPPER.readTree(line);
      if (n == null || !n.isObject()) {
        throw new InputException(DeadLetterReason.BAD_JSON, "the line is not a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new InputException(DeadLetterReason.BAD_JSON, "the line is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String orDefault(String s, String d) {
    return s == null ? d : s;
  }

  private static Direction direction(JsonNode n) throws InputException {
    String d = text(n, "direction");
    if (d == null) {
      throw new InputException(DeadLetterReason.MISSING_FIELD, "direction is missing: use INBOUND or OUTBOUND");
    }
    switch (d.trim().toUpperCase(Locale.ROOT)) {
      case "INBOUND", "IN" -> {
        return Direction.INBOUND;
      }
      case "OUTBOUND", "OUT" -> {
        return Direction.OUTBOUND;
      }
      default -> throw new InputException(DeadLetterReason.BAD_DIRECTION,
          "direction '" + d + "' is not INBOUND or OUTBOUND");
    }
  }

  static long timestamp(JsonNode n, String field) throws InputException {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new InputException(DeadLetterReason.MISSING_FIELD,
          field + " is missing: use epoch milliseconds or ISO-8601 UTC");
    }
    if (v.isIntegralNumber()) {
      return v.asLong();
    }
    String s = v.asText().trim();
    try {
      if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
        return Long.parseLong(s);
      }
      long utc = utcMillis(s);
      return utc != NOT_UTC ? utc : OffsetDateTime.parse(s).toInstant().toEpochMilli();
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new InputException(DeadLetterReason.BAD_TIMESTAMP, field + " '" + s
          + "' is neither epoch milliseconds nor ISO-8601 (e.g. 2026-03-02T10:00:00Z)");
    }
  }

  /** What {@link #utcMillis} returns for a text not in its form. */
  static final long NOT_UTC = Long.MIN_VALUE;

  /**
   * Epoch millis of {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, the form events are written in, read without a
   * formatter (fraction digits past milliseconds are dropped, as {@link Instant#toEpochMilli} does); {@link
   * #NOT_UTC} for any other text or an impossible date, which the ISO-8601 parser then reads or rejects.
   */
  static long utcMillis(String s) {
    int n = s.length();
    if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
        || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':' || n > 20 && s.charAt(19) != '.') {
      return NOT_UTC;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    int fractionDigits = n == 20 ? 0 : n - 21;
    int millis = 0;
    if (fractionDigits > 0) {
      int ms = digits(s, 20, Math.min(fractionDigits, 3));
      int rest = fractionDigits > 3 ? digits(s, 23, fractionDigits - 3) : 0;
      if (ms < 0 || rest < 0) {
        return NOT_UTC;
      }
      millis = fractionDigits == 1 ? ms * 100 : fractionDigits == 2 ? ms * 10 : ms;
    }
    if (n == 21 || (year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
      return NOT_UTC;
    }
    try {
      long epochDay = LocalDate.of(year, month, day).toEpochDay();
      return ((epochDay * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    } catch (DateTimeException e) {
      return NOT_UTC;
    }
  }

  /** The decimal value of {@code count} ASCII digits of {@code s} from {@code from}, or -1. */
  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private List<Integer> suites(JsonNode v, String field) throws InputException {
    List<Integer> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (v.isArray()) {
      for (JsonNode e : v) {
        Integer c = suite(e, field);
        if (c != null) {
          out.add(c);
        }
      }
      return out;
    }
    try {
      for (int c : CipherPolicy.parseList(field, v.asText(), catalog)) {
        out.add(c);
      }
    } catch (IllegalArgumentException e) {
      throw new InputException(DeadLetterReason.BAD_CIPHER_SUITE, e.getMessage());
    }
    return out;
  }

  private Integer suite(JsonNode v, String field) throws InputException {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isIntegralNumber()) {
      return v.asInt();
    }
    String s = v.asText().trim();
    if (s.isEmpty()) {
      return null;
    }
    try {
      return catalog.parseCode(s);
    } catch (IllegalArgumentException e) {
      throw new InputException(DeadLetterReason.BAD_CIPHER_SUITE, field + ": " + e.getMessage());
    }
  }
}
