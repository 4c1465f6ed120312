package io.cipherwatch.readiness;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One organization's running tally of its (trunk, direction) pairs for the readiness topic: pairs and trunks per
 * verdict (a trunk counts by its worse direction), summed counts, and the verdict last published. Each change of
 * one pair is applied in constant time ({@link #apply}), so an organization of any size costs the same per
 * update; its verdict is the worst verdict any pair has (NO_TRAFFIC without pairs), and {@link #publish} says when
 * it changed. Store encodings ({@link #encode}, {@link Member#encode}) are fixed-width big-endian fields.
 */
public final class OrganizationTally {
  /** How many breaking trunk ids a published record names at most. */
  public static final int BREAKING_IDS = 20;
  private static final byte VERSION = 1;
  private static final Verdict[] VERDICTS = Verdict.values();
  private static final int SIZE = 1 + 1 + 8 * (2 * VERDICTS.length + 3);

  /** A pair's verdict and counts over the period. */
  public record Member(Verdict verdict, long handshakes, long wouldBreak, long unverified) {
    private static final int BYTES = 1 + 1 + 24;

    /** The member for a pair's standing. */
    public static Member of(KeyVerdict v) {
      return new Member(v.verdict(), v.handshakes(), v.wouldBreak(), v.unverified());
    }

    public byte[] encode() {
      return ByteBuffer.allocate(BYTES).put(VERSION).put((byte) verdict.ordinal()).putLong(handshakes)
          .putLong(wouldBreak).putLong(unverified).array();
    }

    /**
     * Decodes {@link #encode}'s bytes; null for null.
     *
     * @throws IllegalArgumentException when they are not a member
     */
    public static Member decode(byte[] bytes) {
      if (bytes == null) {
        return null;
      }
      ByteBuffer b = ByteBuffer.wrap(bytes);
      if (bytes.length != BYTES || b.get() != VERSION) {
        throw new IllegalArgumentException("not a readiness member (" + bytes.length + " bytes)");
      }
      return new Member(OrganizationTally.verdict(b.get()), b.getLong(), b.getLong(), b.getLong());
    }
  }

  /** A change to publish: the verdict before (null for the first) and now. */
  public record Change(Verdict previous, Verdict current) {}

  private final long[] pairs = new long[VERDICTS.length];
  private final long[] trunks = new long[VERDICTS.length];
  private long handshakes;
  private long wouldBreak;
  private long unverified;
  private Verdict published;
  private String organizationName;

  /** The latest organization name seen, or null. */
  public String organizationName() {
    return organizationName;
  }

  /** Keeps a name seen on a pair's metadata (null leaves the one known). */
  public void organizationName(String name) {
    if (name != null) {
      organizationName = name;
    }
  }

  /**
   * Applies one pair's change.
   *
   * @param before the pair's member until now, null when it was not in this organization
   * @param after its member from now on, null when it leaves
   * @param other the same trunk's other direction in this organization, or null
   */
  public void apply(Member before, Member after, Member other) {
    if (before != null) {
      pairs[before.verdict().ordinal()]--;
      trunks[Verdict.worst(before.verdict(), other == null ? null : other.verdict()).ordinal()]--;
      add(before, -1);
    } else if (other != null) {
      trunks[other.verdict().ordinal()]--;
    }
    if (after != null) {
      pairs[after.verdict().ordinal()]++;
      trunks[Verdict.worst(after.verdict(), other == null ? null : other.verdict()).ordinal()]++;
      add(after, 1);
    } else if (other != null) {
      trunks[other.verdict().ordinal()]++;
    }
  }

  private void add(Member m, int sign) {
    handshakes += sign * m.handshakes();
    wouldBreak += sign * m.wouldBreak();
    unverified += sign * m.unverified();
  }

  /** Whether no pair is left. */
  public boolean isEmpty() {
    for (long n : pairs) {
      if (n != 0) {
        return false;
      }
    }
    return true;
  }

  /** The worst verdict of the pairs; NO_TRAFFIC without pairs. */
  public Verdict verdict() {
    for (Verdict v : VERDICTS) {
      if (pairs[v.ordinal()] > 0) {
        return v;
      }
    }
    return Verdict.NO_TRAFFIC;
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

  /** Trunks per verdict (each by its worse direction), indexed by {@link Verdict#ordinal}. */
  public long[] trunksByVerdict() {
    return trunks.clone();
  }

  /** Distinct trunks. */
  public long trunks() {
    long n = 0;
    for (long t : trunks) {
      n += t;
    }
    return n;
  }

  /** Sums of the pairs' counts: handshakes, wouldBreak, unverified. */
  public long[] counts() {
    return new long[] {handshakes, wouldBreak, unverified};
  }

  /**
   * The first {@code limit} trunks whose worse direction is BREAKS, from an organization's members ordered by
   * trunkId (a trunk's directions next to each other).
   *
   * @param members (trunkId, member) in trunkId order
   */
  public static List<String> breakingTrunks(Iterator<Map.Entry<String, Member>> members, int limit) {
    List<String> out = new ArrayList<>();
    String last = null;
    while (members.hasNext() && out.size() < limit) {
      Map.Entry<String, Member> e = members.next();
      if (e.getValue().verdict() == Verdict.BREAKS && !e.getKey().equals(last)) {
        out.add(e.getKey());
        last = e.getKey();
      }
    }
    return out;
  }

  public byte[] encode() {
    byte[] name = organizationName == null ? new byte[0] : organizationName.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(SIZE + 4 + name.length).put(VERSION)
        .put((byte) (published == null ? -1 : published.ordinal()));
    for (int i = 0; i < VERDICTS.length; i++) {
      b.putLong(pairs[i]).putLong(trunks[i]);
    }
    b.putLong(handshakes).putLong(wouldBreak).putLong(unverified);
    return b.putInt(organizationName == null ? -1 : name.length).put(name).array();
  }

  /**
   * Decodes {@link #encode}'s bytes.
   *
   * @throws IllegalArgumentException when they are not a tally
   */
  public static OrganizationTally decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    if (bytes.length < SIZE + 4 || b.get() != VERSION) {
      throw new IllegalArgumentException("not an organization tally (" + bytes.length + " bytes)");
    }
    OrganizationTally t = new OrganizationTally();
    byte p = b.get();
    t.published = p == -1 ? null : verdict(p);
    for (int i = 0; i < VERDICTS.length; i++) {
      t.pairs[i] = b.getLong();
      t.trunks[i] = b.getLong();
    }
    t.handshakes = b.getLong();
    t.wouldBreak = b.getLong();
    t.unverified = b.getLong();
    int len = b.getInt();
    if (len < -1 || len > b.remaining()) {
      throw new IllegalArgumentException("organization tally holds a name of " + len + " bytes");
    }
    t.organizationName = len == -1 ? null : new String(bytes, b.position(), len, StandardCharsets.UTF_8);
    return t;
  }

  private static Verdict verdict(byte v) {
    if (v < 0 || v >= VERDICTS.length) {
      throw new IllegalArgumentException("readiness state holds verdict " + v);
    }
    return VERDICTS[v];
  }
}
