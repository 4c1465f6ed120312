package io.cipherwatch.serde;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Walks an Avro binary body against its writer schema before it is decoded, so that decoding never allocates
 * from a length it has not checked: every string, bytes, fixed, array and map length must fit in the bytes
 * that are left, union and enum indexes must exist, varints must end within 5 (int) or 10 (long) bytes, and the
 * body must end exactly where the record does. Arrays are capped at {@link DecodeLimits#maxArrayItems()} items
 * and the {@link DecodeLimits#ID_FIELDS id fields} at {@link DecodeLimits#maxIdChars()} characters.
 *
 * <p>One instance per writer schema, compiled once and thread-safe; a check allocates only a small cursor.
 */
final class AvroBodyCheck {
  /** Nesting deeper than this (only possible with a recursive schema) is treated as corrupt input. */
  private static final int MAX_DEPTH = 64;

  private enum Kind { NULL, BOOLEAN, INT, LONG, FLOAT, DOUBLE, BYTES, STRING, FIXED, ENUM, ARRAY, MAP, UNION, RECORD }

  /** A compiled schema node: {@code size} is the fixed size or the enum symbol / union branch count. */
  private static final class Node {
    Kind kind;
    String name;
    boolean id;
    int size;
    int minBytes;
    Node[] children;
  }

  /** A violation found by the walk: the reason code and what was wrong. */
  static final class Violation extends Exception {
    private static final long serialVersionUID = 1L;
    final String reason;

    Violation(String reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }

  private static final class Cursor {
    final byte[] buf;
    int pos;
    final int end;

    Cursor(byte[] buf, int pos, int end) {
      this.buf = buf;
      this.pos = pos;
      this.end = end;
    }
  }

  private final Node root;
  private final DecodeLimits limits;

  AvroBodyCheck(Schema writer, DecodeLimits limits) {
    this.limits = limits;
    this.root = compile(writer, null, new IdentityHashMap<>());
  }

  /**
   * Checks {@code buf[from, to)}.
   *
   * @throws Violation with reason {@code CORRUPT_AVRO}, {@code TOO_MANY_SUITES} or {@code ID_TOO_LONG}
   */
  void check(byte[] buf, int from, int to) throws Violation {
    Cursor c = new Cursor(buf, from, to);
    walk(root, c, 0);
    if (c.pos != to) {
      throw corrupt((to - c.pos) + " bytes left over after the record ended");
    }
  }

  private void walk(Node n, Cursor c, int depth) throws Violation {
    if (depth > MAX_DEPTH) {
      throw corrupt("nested deeper than " + MAX_DEPTH + " levels");
    }
    switch (n.kind) {
      case NULL -> { }
      case BOOLEAN -> skip(c, 1, n);
      case INT -> varint(c, 5, n);
      case LONG -> varint(c, 10, n);
      case FLOAT -> skip(c, 4, n);
      case DOUBLE -> skip(c, 8, n);
      case FIXED -> skip(c, n.size, n);
      case BYTES -> skip(c, length(c, n), n);
      case STRING -> string(c, n);
      case ENUM -> index(c, n);
      case UNION -> walk(n.children[index(c, n)], c, depth + 1);
      case RECORD -> {
        for (Node field : n.children) {
          walk(field, c, depth + 1);
        }
      }
      case ARRAY, MAP -> items(n, c, depth);
      default -> throw new IllegalStateException(n.kind.name());
    }
  }

  private void items(Node n, Cursor c, int depth) throws Violation {
    Node item = n.children[0];
    int perItem = n.kind == Kind.MAP ? 1 + item.minBytes : item.minBytes;
    long total = 0;
    while (true) {
      long count = zigzag(varint(c, 10, n));
      if (count == 0) {
        return;
      }
      if (count < 0) {
        if (count == Long.MIN_VALUE) {
          throw corrupt("field '" + n.name + "' has an invalid block count");
        }
        count = -count;
        long blockBytes = zigzag(varint(c, 10, n));
        if (blockBytes < 0 || blockBytes > c.end - c.pos) {
          throw lie(n, blockBytes, c);
        }
      }
      total += count;
      if (n.kind == Kind.ARRAY && total > limits.maxArrayItems()) {
        throw new Violation(InputLimitException.TOO_MANY_SUITES, "field '" + n.name + "' has at least " + total
            + " items, over the limit of " + limits.maxArrayItems() + " (" + DecodeLimits.MAX_OFFERED_SUITES + ")");
      }
      if (count > (perItem == 0 ? Integer.MAX_VALUE : (c.end - c.pos) / perItem)) {
        throw corrupt("field '" + n.name + "' claims " + count + " items but only " + (c.end - c.pos)
            + " bytes are left");
      }
      if (item.kind == Kind.INT && n.kind == Kind.ARRAY) {
        for (long i = 0; i < count; i++) { // the offered suites: no call per item
          varint(c, 5, item);
        }
        continue;
      }
      for (long i = 0; i < count; i++) {
        if (n.kind == Kind.MAP) {
          skip(c, length(c, n), n);
        }
        walk(item, c, depth + 1);
      }
    }
  }

  private void string(Cursor c, Node n) throws Violation {
    int len = length(c, n);
    int start = c.pos;
    skip(c, len, n);
    if (n.id && len > limits.maxIdChars()) {
      int chars = 0;
      for (int i = start; i < start + len; i++) {
        if ((c.buf[i] & 0xC0) != 0x80) {
          chars++;
        }
      }
      if (chars > limits.maxIdChars()) {
        throw new Violation(InputLimitException.ID_TOO_LONG, "field '" + n.name + "' has " + chars
            + " characters, over the limit of " + limits.maxIdChars());
      }
    }
  }

  /** Reads a string/bytes length and checks it against the bytes left. */
  private static int length(Cursor c, Node n) throws Violation {
    long len = zigzag(varint(c, 10, n));
    if (len < 0 || len > c.end - c.pos) {
      throw lie(n, len, c);
    }
    return (int) len;
  }

  private static int index(Cursor c, Node n) throws Violation {
    long i = zigzag(varint(c, 5, n));
    if (i < 0 || i >= n.size) {
      throw corrupt("field '" + n.name + "' has index " + i + " of " + n.size
          + (n.kind == Kind.UNION ? " union branches" : " enum symbols"));
    }
    return (int) i;
  }

  private static void skip(Cursor c, int bytes, Node n) throws Violation {
    if (bytes > c.end - c.pos) {
      throw truncated(n);
    }
    c.pos += bytes;
  }

  /** Reads a raw (not yet zigzag-decoded) varint of at most {@code maxBytes} bytes. */
  private static long varint(Cursor c, int maxBytes, Node n) throws Violation {
    long v = 0;
    for (int i = 0; i < maxBytes; i++) {
      if (c.pos >= c.end) {
        throw truncated(n);
      }
      int b = c.buf[c.pos++];
      v |= (long) (b & 0x7f) << (7 * i);
      if (b >= 0) {
        return v;
      }
    }
    throw corrupt("field '" + n.name + "' has a varint longer than " + maxBytes + " bytes");
  }

  private static long zigzag(long raw) {
    return (raw >>> 1) ^ -(raw & 1);
  }

  private static Violation lie(Node n, long len, Cursor c) {
    return corrupt("field '" + n.name + "' claims a length of " + len + " but only " + (c.end - c.pos)
        + " bytes are left");
  }

  private static Violation truncated(Node n) {
    return corrupt("the body ends inside field '" + n.name + "' (truncated)");
  }

  private static Violation corrupt(String message) {
    return new Violation(CorruptAvroException.REASON, message);
  }

  private static Node compile(Schema s, String fieldName, Map<Schema, Node> records) {
    Node known = s.getType() == Schema.Type.RECORD ? records.get(s) : null;
    if (known != null) {
      return known;
    }
    Node n = new Node();
    n.name = fieldName != null ? fieldName : s.getName();
    switch (s.getType()) {
      case NULL -> n.kind = Kind.NULL;
      case BOOLEAN -> set(n, Kind.BOOLEAN, 1);
      case INT -> set(n, Kind.INT, 1);
      case LONG -> set(n, Kind.LONG, 1);
      case FLOAT -> set(n, Kind.FLOAT, 4);
      case DOUBLE -> set(n, Kind.DOUBLE, 8);
      case BYTES -> set(n, Kind.BYTES, 1);
      case STRING -> {
        set(n, Kind.STRING, 1);
        n.id = fieldName != null && DecodeLimits.ID_FIELDS.contains(fieldName);
      }
      case FIXED -> {
        set(n, Kind.FIXED, s.getFixedSize());
        n.size = s.getFixedSize();
      }
      case ENUM -> {
        set(n, Kind.ENUM, 1);
        n.size = s.getEnumSymbols().size();
      }
      case ARRAY, MAP -> {
        set(n, s.getType() == Schema.Type.ARRAY ? Kind.ARRAY : Kind.MAP, 1);
        Schema item = s.getType() == Schema.Type.ARRAY ? s.getElementType() : s.getValueType();
        n.children = new Node[] {compile(item, n.name, records)};
      }
      case UNION -> {
        List<Schema> types = s.getTypes();
        set(n, Kind.UNION, 1);
        n.size = types.size();
        n.children = new Node[types.size()];
        for (int i = 0; i < types.size(); i++) {
          n.children[i] = compile(types.get(i), fieldName, records);
        }
      }
      case RECORD -> {
        n.kind = Kind.RECORD;
        records.put(s, n);
        List<Schema.Field> fields = s.getFields();
        n.children = new Node[fields.size()];
        int min = 0;
        for (int i = 0; i < fields.size(); i++) {
          n.children[i] = compile(fields.get(i).schema(), fields.get(i).name(), records);
          min += n.children[i].minBytes;
        }
        n.minBytes = min;
      }
      default -> throw new IllegalArgumentException("Unsupported Avro type " + s.getType());
    }
    return n;
  }

  private static void set(Node n, Kind kind, int minBytes) {
    n.kind = kind;
    n.minBytes = minBytes;
  }
}
