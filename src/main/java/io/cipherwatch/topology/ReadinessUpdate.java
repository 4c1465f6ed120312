package io.cipherwatch.topology;

import io.cipherwatch.avro.Direction;
import io.cipherwatch.readiness.KeyVerdict;
import io.cipherwatch.readiness.Verdict;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A (trunk, direction)'s new standing for its organization, or its retraction from an organization it left
 * ({@code standing == null}), with the as-of time and policy it was judged with. Travels on the internal
 * {@code readiness-by-organization} repartition topic keyed by {@link #organizationKey}; the last one sent per
 * pair is also the value of the {@code readiness-verdicts} store.
 *
 * @param removed R, the policy's deprecated set
 */
record ReadinessUpdate(String trunkId, Direction direction, KeyVerdict standing, long asOf, long policyVersion,
    int[] removed) {
  private static final byte VERSION = 1;
  private static final Direction[] DIRECTIONS = Direction.values();
  private static final Verdict[] VERDICTS = Verdict.values();

  /** The record key of an organization: its id, the empty string for trunks without metadata. */
  static String organizationKey(String organizationId) {
    return organizationId == null ? "" : organizationId;
  }

  /** The organization id of a record key. */
  static String organizationId(String key) {
    return key == null || key.isEmpty() ? null : key;
  }

  byte[] encode() {
    byte[] t = trunkId.getBytes(StandardCharsets.UTF_8);
    byte[] org = standing == null ? null : bytes(standing.organizationId());
    byte[] name = standing == null ? null : bytes(standing.organizationName());
    int size = 1 + 4 + t.length + 1 + 1 + 8 + 8 + 4 + 4 * removed.length;
    if (standing != null) {
      size += 4 + (org == null ? 0 : org.length) + 4 + (name == null ? 0 : name.length) + 1 + 24;
    }
    ByteBuffer b = ByteBuffer.allocate(size).put(VERSION).putInt(t.length).put(t).put((byte) direction.ordinal())
        .put((byte) (standing == null ? 0 : 1));
    if (standing != null) {
      put(b, org);
      put(b, name);
      b.put((byte) standing.verdict().ordinal()).putLong(standing.handshakes()).putLong(standing.wouldBreak())
          .putLong(standing.unverified());
    }
    b.putLong(asOf).putLong(policyVersion).putInt(removed.length);
    for (int c : removed) {
      b.putInt(c);
    }
    return b.array();
  }

  /**
   * Decodes {@link #encode}'s bytes.
   *
   * @throws IllegalArgumentException when they are not in this format
   */
  static ReadinessUpdate decode(byte[] bytes) {
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      if (b.get() != VERSION) {
        throw new IllegalArgumentException("Unknown readiness update format version " + bytes[0]
            + ": written by a newer cipherwatch; upgrade every instance");
      }
      String trunk = string(b);
      Direction d = DIRECTIONS[b.get()];
      KeyVerdict standing = null;
      if (b.get() == 1) {
        String org = string(b);
        String name = string(b);
        standing = new KeyVerdict(org, name, VERDICTS[b.get()], b.getLong(), b.getLong(), b.getLong());
      }
      long asOf = b.getLong();
      long version = b.getLong();
      int n = b.getInt();
      if (n < 0 || n > b.remaining() / 4) {
        throw new IllegalArgumentException("readiness update claims " + n + " removed suites");
      }
      int[] removed = new int[n];
      for (int i = 0; i < n; i++) {
        removed[i] = b.getInt();
      }
      return new ReadinessUpdate(trunk, d, standing, asOf, version, removed);
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException("not a readiness update (" + bytes.length + " bytes): " + e, e);
    }
  }

  private static byte[] bytes(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  private static void put(ByteBuffer b, byte[] s) {
    b.putInt(s == null ? -1 : s.length);
    if (s != null) {
      b.put(s);
    }
  }

  private static String string(ByteBuffer b) {
    int len = b.getInt();
    if (len == -1) {
      return null;
    }
    if (len < 0 || len > b.remaining()) {
      throw new IllegalArgumentException("readiness update holds a string of " + len + " bytes");
    }
    String s = new String(b.array(), b.position(), len, StandardCharsets.UTF_8);
    b.position(b.position() + len);
    return s;
  }

  /** The serde of the internal topic. */
  static Serde<ReadinessUpdate> serde() {
    return Serdes.serdeFrom((topic, u) -> u == null ? null : u.encode(),
        (topic, bytes) -> bytes == null ? null : decode(bytes));
  }
}
