package io.cipherwatch.readiness;

import io.cipherwatch.avro.Direction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One organization's (trunk, direction) verdicts and the verdict last published for it: the organization's
 * verdict is the worst of its pairs ({@link Verdict#worst}, NO_TRAFFIC when none), and {@link #publish} says when
 * it changed. Encoded for a store by {@link #encode} (fixed-width big-endian fields; decoding checks every
 * length, so a corrupt value is an exception, never a huge allocation).
 */
public final class OrganizationVerdicts {
  /** How many breaking trunk ids a published record names at most. */
  public static final int BREAKING_IDS = 20;
  private static final byte VERSION = 1;
  private static final Verdict[] VERDICTS = Verdict.values();
  private static final Direction[] DIRECTIONS = Direction.values();

  /** A pair's verdict and counts over the period. */
  public record Member(Verdict verdict, long handshakes, long wouldBreak, long unverified) {}

  /** A change to publish: the verdict before (null for the first) and now. */
  public record Change(Verdict previous, Verdict current) {}

  private final TreeMap<TrunkKey, Member> members = new TreeMap<>();
  private String organizationName;
  private Verdict published;

  /** Sets a pair's standing (its organization must be this one). */
  public void put(TrunkKey key, KeyVerdict v) {
    members.put(key, new Member(v.verdict(), v.handshakes(), v.wouldBreak(), v.unverified()));
    if (v.organizationName() != null) {
      organizationName = v.organizationName();
    }
  }

  /** Removes a pair that moved to another organization. */
  public void remove(TrunkKey key) {
    members.remove(key);
  }

  /** Whether no pair is left. */
  public boolean isEmpty() {
    return members.isEmpty();
  }

  /** The worst verdict of the pairs; NO_TRAFFIC without pairs. */
  public Verdict verdict() {
    Verdict v = null;
    for (Member m : members.values()) {
      v = Verdict.worst(v, m.verdict());
    }
    return Verdict.worst(v, null);
  }

  /** The verdict last published, or null. */
  public Verdict published() {
    return published;
  }

  /**
   * The change to publish, recorded as published: the verdict now when it differs from the last one published
   * (or none was); null when it did not change.
   */
  public Change publish() {
    Verdict now = verdict();
    if (now == published) {
      return null;
    }
    Change c = new Change(published, now);
    published = now;
    return c;
  }

  /** The latest organization name seen, or null. */
  public String organizationName() {
    return organizationName;
  }

  /** Each trunk's verdict: the worse of its directions, by trunkId. */
  public Map<String, Verdict> trunkVerdicts() {
    Map<String, Verdict> out = new TreeMap<>();
    members.forEach((k, m) -> out.merge(k.trunkId(), m.verdict(), Verdict::worst));
    return out;
  }

  /** Trunks per verdict, indexed by {@link Verdict#ordinal}. */
  public long[] trunksByVerdict() {
    long[] n = new long[VERDICTS.length];
    trunkVerdicts().values().forEach(v -> n[v.ordinal()]++);
    return n;
  }

  /** The first {@code limit} breaking trunks by trunkId. */
  public List<String> breakingTrunkIds(int limit) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Verdict> e : trunkVerdicts().entrySet()) {
      if (e.getValue() == Verdict.BREAKS && out.size() < limit) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  /** Sums of the pairs' counts: handshakes, wouldBreak, unverified. */
  public long[] counts() {
    long[] c = new long[3];
    for (Member m : members.values()) {
      c[0] += m.handshakes();
      c[1] += m.wouldBreak();
      c[2] += m.unverified();
    }
    return c;
  }

  /** The store encoding. */
  public byte[] encode() {
    byte[] name = organizationName == null ? null : organizationName.getBytes(StandardCharsets.UTF_8);
    List<byte[]> ids = new ArrayList<>(members.size());
    int size = 1 + 1 + 4 + (name == null ? 0 : name.length) + 4;
    for (TrunkKey k : members.keySet()) {
      byte[] id = k.trunkId().getBytes(StandardCharsets.UTF_8);
      ids.add(id);
      size += 4 + id.length + 1 + 1 + 24;
    }
    ByteBuffer b = ByteBuffer.allocate(size).put(VERSION).put((byte) (published == null ? -1 : published.ordinal()));
    b.putInt(name == null ? -1 : name.length);
    if (name != null) {
      b.put(name);
    }
    b.putInt(members.size());
    int i = 0;
    for (Map.Entry<TrunkKey, Member> e : members.entrySet()) {
      byte[] id = ids.get(i++);
      Member m = e.getValue();
      b.putInt(id.length).put(id).put((byte) e.getKey().direction().ordinal()).put((byte) m.verdict().ordinal())
          .putLong(m.handshakes()).putLong(m.wouldBreak()).putLong(m.unverified());
    }
    return b.array();
  }

  /**
   * Decodes {@link #encode}'s bytes.
   *
   * @throws IllegalArgumentException when they are not in this format
   */
  public static OrganizationVerdicts decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    if (bytes.length < 10 || b.get() != VERSION) {
      throw new IllegalArgumentException("not organization verdicts (" + bytes.length + " bytes)");
    }
    OrganizationVerdicts o = new OrganizationVerdicts();
    o.published = verdict(b.get(), true);
    String name = string(b, true);
    o.organizationName = name;
    int n = b.getInt();
    if (n < 0 || n > b.remaining() / 30) {
      throw new IllegalArgumentException("organization verdicts claim " + n + " pairs in " + bytes.length + " bytes");
    }
    for (int i = 0; i < n; i++) {
      String trunkId = string(b, false);
      if (b.remaining() < 26) {
        throw new IllegalArgumentException("organization verdicts are truncated");
      }
      int d = b.get();
      if (d < 0 || d >= DIRECTIONS.length) {
        throw new IllegalArgumentException("organization verdicts hold direction " + d);
      }
      o.members.put(new TrunkKey(trunkId, DIRECTIONS[d]),
          new Member(verdict(b.get(), false), b.getLong(), b.getLong(), b.getLong()));
    }
    return o;
  }

  private static Verdict verdict(byte v, boolean nullable) {
    if (v == -1 && nullable) {
      return null;
    }
    if (v < 0 || v >= VERDICTS.length) {
      throw new IllegalArgumentException("organization verdicts hold verdict " + v);
    }
    return VERDICTS[v];
  }

  private static String string(ByteBuffer b, boolean nullable) {
    if (b.remaining() < 4) {
      throw new IllegalArgumentException("organization verdicts are truncated");
    }
    int len = b.getInt();
    if (len == -1 && nullable) {
      return null;
    }
    if (len < 0 || len > b.remaining()) {
      throw new IllegalArgumentException("organization verdicts hold a string of " + len + " bytes");
    }
    String s = new String(b.array(), b.position(), len, StandardCharsets.UTF_8);
    b.position(b.position() + len);
    return s;
  }
}
