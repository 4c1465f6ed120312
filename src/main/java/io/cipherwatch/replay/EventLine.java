package io.cipherwatch.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.cipherwatch.policy.DeadLetterReason;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;

/**
 * The fields of one events line, read as a stream of tokens without building a tree: each known field's value
 * is kept as a {@link Value} (the last one when a field repeats), the elements of an {@code offeredCipherSuites}
 * array each as one, and every other field is skipped. {@link JsonInput} checks them once the whole object was
 * read. Reused from line to line; used by one thread.
 */
final class EventLine {
  private static final JsonFactory FACTORY = new JsonFactory();
  static final int EVENT_ID = 0;
  static final int EDGE_ID = 1;
  static final int TRUNK_ID = 2;
  static final int DIRECTION = 3;
  static final int TIMESTAMP = 4;
  static final int PROTOCOL_VERSION = 5;
  static final int OFFERED = 6;
  static final int NEGOTIATED = 7;
  static final int OUTCOME = 8;
  static final int FAILURE_REASON = 9;
  static final int REMOTE_ADDRESS = 10;
  static final int SNI = 11;
  static final int REMOTE_USER_AGENT = 12;
  static final int CALL_ID = 13;
  private static final int FIELDS = 14;

  /** The event fields of the line being read (reused). */
  private final Value[] fields = new Value[FIELDS];
  /** The elements of an {@code offeredCipherSuites} array, at [0, offeredCount) (reused). */
  private final ArrayList<Value> offered = new ArrayList<>();
  private int offeredCount;
  /** Whether {@code offeredCipherSuites} was an array (else {@code fields[OFFERED]} holds it). */
  private boolean offeredArray;

  EventLine() {
    for (int i = 0; i < FIELDS; i++) {
      fields[i] = new Value();
    }
  }

  /**
   * One JSON value as the lenient reading sees it: absent, null, an integral number (its value, and its text as
   * Jackson's tree prints it), another scalar (its text), or an object or array (whose text is empty).
   */
  static final class Value {
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

    /** Whether the value is absent or null. */
    boolean missing() {
      return kind == ABSENT || kind == NULL;
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
  void read(String line) throws InputException {
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
        } else if (field == OFFERED && value == JsonToken.START_ARRAY) {
          readOffered(p);
        } else {
          if (field == OFFERED) {
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
      case "eventId" -> EVENT_ID;
      case "edgeId" -> EDGE_ID;
      case "trunkId" -> TRUNK_ID;
      case "direction" -> DIRECTION;
      case "timestamp" -> TIMESTAMP;
      case "protocolVersion" -> PROTOCOL_VERSION;
      case "offeredCipherSuites" -> OFFERED;
      case "negotiatedCipherSuite" -> NEGOTIATED;
      case "outcome" -> OUTCOME;
      case "failureReason" -> FAILURE_REASON;
      case "remoteAddress" -> REMOTE_ADDRESS;
      case "sni" -> SNI;
      case "remoteUserAgent" -> REMOTE_USER_AGENT;
      case "callId" -> CALL_ID;
      default -> -1;
    };
  }

  /** The text of an event field, null when absent or null. */
  String text(int field) {
    Value v = fields[field];
    return v.missing() ? null : v.text();
  }

  /** The value of an event field (reused: valid until the next line is read). */
  Value value(int field) {
    return fields[field];
  }

  /** Whether {@code offeredCipherSuites} is an array (else {@link #value} holds it). */
  boolean offeredArray() {
    return offeredArray;
  }

  /** The number of elements of the {@code offeredCipherSuites} array. */
  int offeredCount() {
    return offeredCount;
  }

  /** Element {@code i} of the {@code offeredCipherSuites} array. */
  Value offered(int i) {
    return offered.get(i);
  }
}
