package io.cipherwatch.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
import java.math.BigInteger;
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
  private static final JsonFactory FACTORY = MAPPER.getFactory();
  private static final int F_EVENT_ID = 0;
  private static final int F_EDGE_ID = 1;
  private static final int F_TRUNK_ID = 2;
  private static final int F_DIRECTION = 3;
  private static final int F_TIMESTAMP = 4;
  private static final int F_PROTOCOL_VERSION = 5;
  private static final int F_OFFERED = 6;
  private static final int F_NEGOTIATED = 7;
  private static final int F_OUTCOME = 8;
  private static final int F_FAILURE_REASON = 9;
  private static final int F_REMOTE_ADDRESS = 10;
  private static final int F_SNI = 11;
  private static final int F_REMOTE_USER_AGENT = 12;
  private static final int F_CALL_ID = 13;
  private static final int FIELDS = 14;

  private final CipherCatalog catalog = CipherCatalog.standard();
  /** The event fields of the line being read (reused). */
  private final Value[] fields = new Value[FIELDS];
  /** The elements of an {@code offeredCipherSuites} array, at [0, offeredCount) (reused). */
  private final ArrayList<Value> offered = new ArrayList<>();
  private int offeredCount;
  /** Whether {@code offeredCipherSuites} was an array (else {@code fields[F_OFFERED]} holds it). */
  private boolean offeredArray;

  public JsonInput() {
    for (int i = 0; i < FIELDS; i++) {
      fields[i] = new Value();
    }
  }

  /**
   * One JSON value as the lenient reading sees it: absent, null, an integral number (its value, and its text as
   * Jackson's tree prints it), another scalar (its text), or an object or array (whose text is empty).
   */
  private static final class Value {
    static final byte ABSENT = 0;
    static final byte NULL = 1;
    static final byte INTEGRAL = 2;
    static final byte OTHER = 3;
    byte kind;
    long number;
    String text;

    void set(JsonParser p, JsonToken t) throws IOException {
      text = null;
      switch (t) {
        case VALUE_NULL -> kind = NULL;
        case VALUE_NUMBER_INT -> {
          kind = INTEGRAL;
          if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            BigInteger b = p.getBigIntegerValue();
            number = b.longValue();
            text = b.toString();
          } else {
            number = p.getLongValue();
          }
        }
        case VALUE_NUMBER_FLOAT -> {
          kind = OTHER;
          text = String.valueOf(p.getDoubleValue());
        }
        case START_OBJECT, START_ARRAY -> {
          kind = OTHER;
          text = "";
          p.skipChildren();
        }
        default -> {
          kind = OTHER;
          text = p.getText();
        }
      }
    }

    /** The text of a present, non-null value. */
    String text() {
      if (text == null) {
        text = Long.toString(number);
      }
      return text;
    }
  }

  /** Reads the line's top-level object into {@link #fields} and {@link #offered}. */
  private void read(String line) throws InputException {
    for (Value v : fields) {
      v.kind = Value.ABSENT;
    }
    offeredCount = 0;
    offeredArray = false;
    try (JsonParser p = FACTORY.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new InputException(DeadLetterReason.BAD_JSON, "the line is not a JSON object");
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        int field = field(p.currentName());
        JsonToken value = p.nextToken();
        if (value == null) {
          break;
        }
        if (field < 0) {
          p.skipChildren();
        } else if (field == F_OFFERED && value == JsonToken.START_ARRAY) {
          readOffered(p);
        } else {
          if (field == F_OFFERED) {
            offeredArray = false;
          }
          fields[field].set(p, value);
        }
      }
      if (t != JsonToken.END_OBJECT) {
        throw new InputException(DeadLetterReason.BAD_JSON, "the line is not valid JSON: it ends inside the object");
      }
    } catch (JsonProcessingException e) {
      throw new InputException(DeadLetterReason.BAD_JSON, "the line is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InputException(DeadLetterReason.BAD_JSON, "the line is not valid JSON: " + e.getMessage());
    }
  }

  private void readOffered(JsonParser p) throws IOException {
    offeredArray = true;
    offeredCount = 0;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
      if (offeredCount == offered.size()) {
        offered.add(new Value());
      }
      offered.get(offeredCount++).set(p, t);
    }
  }

  private static int field(String name) {
    return switch (name) {
      case "eventId" -> F_EVENT_ID;
      case "edgeId" -> F_EDGE_ID;
      case "trunkId" -> F_TRUNK_ID;
      case "direction" -> F_DIRECTION;
      case "timestamp" -> F_TIMESTAMP;
      case "protocolVersion" -> F_PROTOCOL_VERSION;
      case "offeredCipherSuites" -> F_OFFERED;
      case "negotiatedCipherSuite" -> F_NEGOTIATED;
      case "outcome" -> F_OUTCOME;
      case "failureReason" -> F_FAILURE_REASON;
      case "remoteAddress" -> F_REMOTE_ADDRESS;
      case "sni" -> F_SNI;
      case "remoteUserAgent" -> F_REMOTE_USER_AGENT;
      case "callId" -> F_CALL_ID;
      default -> -1;
    };
  }

  /** The text of an event field, null when absent or null. */
  private String text(int field) {
    Value v = fields[field];
    return v.kind == Value.ABSENT || v.kind == Value.NULL ? null : v.text();
  }

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
   * stream of tokens, without building a tree: each field's value is kept as {@link JsonInput.Value} and checked
   * once the whole object was read, so a line with several faults is reported for the same one as before.
   */
  public HandshakeEvent event(String line, long lineNumber) throws InputException {
    read(line);
    String eventId = text(F_EVENT_ID);
    String trunkId = orEmpty(text(F_TRUNK_ID));
    String edgeId = orEmpty(text(F_EDGE_ID));
    Direction direction = direction(text(F_DIRECTION));
    long timestamp = timestamp(fields[F_TIMESTAMP], "timestamp");
    String version = text(F_PROTOCOL_VERSION);
    List<Integer> offered = suites();
    Integer chosen = suite(fields[F_NEGOTIATED], "negotiatedCipherSuite");
    String outcome = text(F_OUTCOME);
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
        offered, chosen, result, text(F_FAILURE_REASON), text(F_REMOTE_ADDRESS), text(F_SNI),
        text(F_REMOTE_USER_AGENT), text(F_CALL_ID));
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

  private static long timestamp(Value v, String field) throws InputException {
    if (v.kind == Value.ABSENT || v.kind == Value.NULL) {
      throw new InputException(DeadLetterReason.MISSING_FIELD,
          field + " is missing: use epoch milliseconds or ISO-8601 UTC");
    }
    if (v.kind == Value.INTEGRAL) {
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
    List<Integer> out = new ArrayList<>(offeredArray ? offeredCount : 4);
    if (offeredArray) {
      for (int i = 0; i < offeredCount; i++) {
        Integer c = suite(offered.get(i), field);
        if (c != null) {
          out.add(c);
        }
      }
      return out;
    }
    Value v = fields[F_OFFERED];
    if (v.kind == Value.ABSENT || v.kind == Value.NULL) {
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

  private Integer suite(Value v, String field) throws InputException {
    if (v.kind == Value.ABSENT || v.kind == Value.NULL) {
      return null;
    }
    if (v.kind == Value.INTEGRAL) {
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
