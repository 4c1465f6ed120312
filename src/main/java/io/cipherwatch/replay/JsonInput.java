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
  private final EventLine fields = new EventLine();

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

  /**
   * Parses one events line; {@code lineNumber} makes generated eventIds deterministic. The line is read as a
   * stream of tokens, without building a tree: each field's value is kept as {@link EventLine.Value} and checked
   * once the whole object was read, so a line with several faults is reported for the same one as before.
   */
  public HandshakeEvent event(String line, long lineNumber) throws InputException {
    fields.read(line);
    String eventId = fields.text(EventLine.EVENT_ID);
    String trunkId = orEmpty(fields.text(EventLine.TRUNK_ID));
    String edgeId = orEmpty(fields.text(EventLine.EDGE_ID));
    Direction direction = direction(fields.text(EventLine.DIRECTION));
    long timestamp = timestamp(fields.value(EventLine.TIMESTAMP), "timestamp");
    String version = fields.text(EventLine.PROTOCOL_VERSION);
    List<Integer> offered = suites();
    Integer chosen = suite(fields.value(EventLine.NEGOTIATED), "negotiatedCipherSuite");
    String outcome = fields.text(EventLine.OUTCOME);
    HandshakeOutcome result;
    if (outcome == null) {
      result = chosen == null ? HandshakeOutcome.FAILED : HandshakeOutcome.ESTABLISHED;
    } else {
      try {
        result = HandshakeOutcome.valueOf(outcome.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new InputException(DeadLetterReason.BAD_OUTCOME, "outcome '" + outcome + "' is not ESTABLISHED or FAILED");
      }
    }
    return new HandshakeEvent(eventId != null ? eventId
        : UUID.nameUUIDFromBytes((lineNumber + ":" + line).getBytes(StandardCharsets.UTF_8)).toString(),
        edgeId, trunkId, direction, Instant.ofEpochMilli(timestamp), version == null ? "unknown" : version,
        offered, chosen, result, fields.text(EventLine.FAILURE_REASON), fields.text(EventLine.REMOTE_ADDRESS),
        fields.text(EventLine.SNI), fields.text(EventLine.REMOTE_USER_AGENT), fields.text(EventLine.CALL_ID));
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

  private static Direction direction(String d) throws InputException {
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

  private static long timestamp(EventLine.Value v, String field) throws InputException {
    if (v.missing()) {
      throw new InputException(DeadLetterReason.MISSING_FIELD,
          field + " is missing: use epoch milliseconds or ISO-8601 UTC");
    }
    if (v.kind == EventLine.Value.INTEGRAL) {
      return v.number;
    }
    String s = v.text().trim();
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

  private List<Integer> suites() throws InputException {
    String field = "offeredCipherSuites";
    List<Integer> out = new ArrayList<>(fields.offeredArray() ? fields.offeredCount() : 4);
    if (fields.offeredArray()) {
      for (int i = 0; i < fields.offeredCount(); i++) {
        Integer c = suite(fields.offered(i), field);
        if (c != null) {
          out.add(c);
        }
      }
      return out;
    }
    EventLine.Value v = fields.value(EventLine.OFFERED);
    if (v.missing()) {
      return out;
    }
    try {
      for (int c : CipherPolicy.parseList(field, v.text(), catalog)) {
        out.add(c);
      }
    } catch (IllegalArgumentException e) {
      throw new InputException(DeadLetterReason.BAD_CIPHER_SUITE, e.getMessage());
    }
    return out;
  }

  private Integer suite(EventLine.Value v, String field) throws InputException {
    if (v.missing()) {
      return null;
    }
    if (v.kind == EventLine.Value.INTEGRAL) {
      return (int) v.number;
    }
    String s = v.text().trim();
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
