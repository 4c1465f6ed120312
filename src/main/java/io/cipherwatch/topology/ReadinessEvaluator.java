package io.cipherwatch.topology;

import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.RemoteProbe;
import io.cipherwatch.policy.ActivePolicy;
import io.cipherwatch.policy.PolicyHolder;
import io.cipherwatch.readiness.DayBucket;
import io.cipherwatch.readiness.DayBucketCodec;
import io.cipherwatch.readiness.ImpactCounts;
import io.cipherwatch.readiness.KeyVerdict;
import io.cipherwatch.readiness.OfferHistory;
import io.cipherwatch.readiness.ProbeResult;
import io.cipherwatch.readiness.Readiness;
import io.cipherwatch.readiness.RemovalImpact;
import io.cipherwatch.readiness.TrunkInfo;
import io.cipherwatch.serde.RegistryFaultException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Judges the (trunk, direction) pairs of one task for the removal-readiness topic, in batches and never per event, from
 * their days of offers in {@code readiness-state} and their newest day, held in their {@link TrunkState}: a handshake
 * only marks its pair dirty; {@link #step} (run once per evaluation interval of event time and of wall-clock time)
 * re-judges up to {@link #BATCH} dirty pairs as of the task's stream time, with R = the live policy's deprecated set
 * and the latest probe of each trunk, exactly as {@link Readiness#impact} (and so {@code Readiness.report}) does, and
 * passes a pair's {@link KeyVerdict} on only when it changed. Every pair becomes dirty when the UTC day of the stream
 * time changes (days leave the period) and when the policy in effect changes; a trunk's pairs when its probe or its
 * metadata's organization changes. The last standing sent per pair is kept in {@code readiness-verdicts}, so a pair
 * that moves to another organization is retracted from the old one even across a restart.
 */
final class ReadinessEvaluator {
  /**
   * Most pairs judged per step; a step also ends when its time budget is spent. The rest stay dirty for the next
   * one, which the processor runs every 100 ms of wall-clock time while pairs wait.
   */
  static final int BATCH = 1_000;
  private static final Direction[] DIRECTIONS = Direction.values();

  /** The decoded states of the task's pairs, which hold each pair's newest day of offers (not in the store). */
  @FunctionalInterface
  interface States {
    /** The pair's state, or null. */
    TrunkState of(int directionOrdinal, String trunkId);

    /**
     * The trunkId instance the trunk's state in either direction holds, else {@code trunkId}: one copy per trunk
     * for everything kept by trunkId.
     */
    default String sharedId(String trunkId) {
      TrunkState s = of(0, trunkId);
      if (s == null) {
        s = of(1, trunkId);
      }
      return s == null ? trunkId : s.trunkId;
    }
  }

  private final Readiness readiness;
  private final PolicyHolder policy;
  private final KeyValueStore<Bytes, byte[]> state;
  private final KeyValueStore<String, byte[]> verdicts;
  private final KeyValueStore<String, ValueAndTimestamp<byte[]>> probeStore;
  private final Function<byte[], RemoteProbe> probeDecoder;
  private final MetadataCache metadata;
  private final LongSupplier metadataWrites;
  private final States states;
  /** Pairs to judge, as {@code direction-ordinal digit + trunkId}, oldest first. */
  private final Set<String> dirty = new LinkedHashSet<>();
  /**
   * By direction ordinal, the trunkIds whose pair, when last judged, held more signatures in its period than a
   * bucket keeps, or other counts.
   */
  @SuppressWarnings("unchecked")
  private final Set<String>[] countSensitive = new Set[] {new HashSet<>(), new HashSet<>()};
  /**
   * By direction ordinal and trunkId, the standing last sent per pair (mirror of readiness-verdicts; null when that
   * update left the pair out). Keyed by the trunkId instance the pair's state holds, so a pair costs no key of its own.
   */
  @SuppressWarnings("unchecked")
  private final Map<String, KeyVerdict>[] sent = new Map[] {new HashMap<>(), new HashMap<>()};
  private final Map<String, byte[]> probeBytes = new HashMap<>();
  private final Map<String, ProbeResult> probes = new HashMap<>();
  private long day = Long.MIN_VALUE;
  private ActivePolicy judgedWith;
  private RemovalImpact impact;
  private long metadataSeen = Long.MIN_VALUE;

  ReadinessEvaluator(Readiness readiness, PolicyHolder policy, KeyValueStore<Bytes, byte[]> state,
      KeyValueStore<String, byte[]> verdicts, KeyValueStore<String, ValueAndTimestamp<byte[]>> probeStore,
      Function<byte[], RemoteProbe> probeDecoder, MetadataCache metadata, LongSupplier metadataWrites,
      States states) {
    this.readiness = readiness;
    this.policy = policy;
    this.state = state;
    this.verdicts = verdicts;
    this.probeStore = probeStore;
    this.probeDecoder = probeDecoder;
    this.metadata = metadata;
    this.metadataWrites = metadataWrites;
    this.states = states;
  }

  /** The key of a pair in the dirty set and in readiness-verdicts. */
  static String pairKey(int directionOrdinal, String trunkId) {
    return (char) ('0' + directionOrdinal) + trunkId;
  }

  /** Loads what was sent and marks every pair with stored offers dirty (run when the task starts). */
  void restore() {
    try (KeyValueIterator<String, byte[]> it = verdicts.all()) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        int dir = kv.key.isEmpty() ? -1 : kv.key.charAt(0) - '0';
        if (dir < 0 || dir >= sent.length) {
          continue; // not a pair's key: nothing was sent for it
        }
        try {
          sent[dir].put(states.sharedId(kv.key.substring(1)), ReadinessUpdate.decode(kv.value).standing());
        } catch (IllegalArgumentException e) {
          dirty.add(kv.key); // judged again and overwritten
        }
      }
    }
    try (KeyValueIterator<Bytes, byte[]> it = state.all()) {
      while (it.hasNext()) {
        byte[] k = it.next().key.get();
        if (DayBucketCodec.isKey(k)) {
          dirty.add(pairKey(DayBucketCodec.direction(k), DayBucketCodec.trunkId(k)));
        }
      }
    }
  }

  /**
   * A handshake was counted for the pair; {@code signaturesChanged} when it added a signature (or folded some
   * into the other counts). A pair's verdict depends on which signatures its period holds, not on how often
   * each was seen, unless the period holds more signatures than a bucket keeps (then the counts decide which
   * are kept): so only such a change, or any handshake of such a pair, makes it dirty.
   */
  void touched(int directionOrdinal, String trunkId, boolean signaturesChanged) {
    if (signaturesChanged || countSensitive[directionOrdinal].contains(trunkId)) {
      dirty.add(pairKey(directionOrdinal, trunkId));
    }
  }

  /** Pairs waiting to be judged. */
  int dirtyCount() {
    return dirty.size();
  }

  /**
   * Judges up to {@link #BATCH} dirty pairs as of {@code streamTime}, after marking the pairs that a new day, a new
   * policy, a new probe or new metadata affects; stops early once {@code budgetNanos} have passed (checked every 16
   * pairs), so a backlog never holds the stream thread for long.
   *
   * @param forward receives (organization key, update) for every changed standing and retraction
   */
  void step(long streamTime, long budgetNanos, BiConsumer<String, ReadinessUpdate> forward) {
    if (streamTime < 0) {
      return;
    }
    long asOfDay = OfferHistory.epochDay(streamTime);
    ActivePolicy p = policy.current();
    if (asOfDay != day || p != judgedWith) {
      day = asOfDay;
      if (p != judgedWith) {
        judgedWith = p;
        impact = new RemovalImpact(p.rules().supportedCodes(), p.rules().deprecatedCodes());
      }
      for (int d = 0; d < sent.length; d++) {
        for (String trunkId : sent[d].keySet()) {
          dirty.add(pairKey(d, trunkId));
        }
      }
    }
    refreshProbes();
    long w = metadataWrites.getAsLong();
    if (w != metadataSeen) {
      metadataSeen = w;
      for (int d = 0; d < sent.length; d++) {
        int dir = d;
        sent[d].forEach((trunkId, s) -> {
          TrunkInfo i = info(trunkId);
          if (s == null || !Objects.equals(i.organizationId(), s.organizationId())
              || !Objects.equals(i.organizationName(), s.organizationName())) {
            dirty.add(pairKey(dir, trunkId));
          }
        });
      }
    }
    int[] removed = impact.removedCodes();
    Iterator<String> it = dirty.iterator();
    long deadline = System.nanoTime() + budgetNanos; // wraps for an unlimited budget: the difference stays negative
    for (int n = 0; n < BATCH && it.hasNext(); n++) {
      if ((n & 15) == 15 && System.nanoTime() - deadline > 0) {
        break;
      }
      String k = it.next();
      it.remove();
      judge(k, asOfDay, streamTime, removed, forward);
    }
  }

  private void judge(String pairKey, long asOfDay, long asOf, int[] removed,
      BiConsumer<String, ReadinessUpdate> forward) {
    int dir = pairKey.charAt(0) - '0';
    String trunkId = pairKey.substring(1);
    OfferHistory history = new OfferHistory();
    long firstDay = Math.max(0, readiness.firstDay(asOfDay));
    DayBucket held = TrunkState.offersOf(states.of(dir, trunkId));
    if (held != null && (held.epochDay() < firstDay || held.epochDay() > asOfDay)) {
      held = null;
    }
    if (held != null) {
      history.addDay(held);
    }
    try (KeyValueIterator<Bytes, byte[]> it = state.range(
        Bytes.wrap(DayBucketCodec.key(trunkId, dir, firstDay)),
        Bytes.wrap(DayBucketCodec.key(trunkId, dir, asOfDay)))) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> kv = it.next();
        byte[] k = kv.key.get();
        if (DayBucketCodec.direction(k) == dir && DayBucketCodec.trunkId(k).equals(trunkId)
            && (held == null || DayBucketCodec.epochDay(k) != held.epochDay())) {
          try {
            history.addDay(DayBucketCodec.decode(DayBucketCodec.epochDay(k), kv.value));
          } catch (IllegalArgumentException e) {
            // an unreadable bucket counts as no traffic that day, as in the API's answer
          }
        }
      }
    }
    // the days are distinct, so each day of the history holds exactly what was read for it
    int signatures = 0;
    boolean other = false;
    for (DayBucket b : history.days()) {
      signatures += b.entries().size();
      other |= b.otherEstablished() + b.otherFailed() > 0;
    }
    if (signatures > DayBucket.LIMIT || other) {
      countSensitive[dir].add(states.sharedId(trunkId));
    } else {
      countSensitive[dir].remove(trunkId);
    }
    ImpactCounts counts = readiness.impact(history, asOfDay, DIRECTIONS[dir], probes.get(trunkId), impact);
    KeyVerdict standing = KeyVerdict.of(info(trunkId), counts);
    KeyVerdict before = sent[dir].get(trunkId);
    if (standing.equals(before)) {
      return;
    }
    long version = judgedWith.version();
    if (standing.movedFrom(before)) {
      forward.accept(ReadinessUpdate.organizationKey(before.organizationId()),
          new ReadinessUpdate(trunkId, DIRECTIONS[dir], null, asOf, version, removed));
    }
    ReadinessUpdate u = new ReadinessUpdate(trunkId, DIRECTIONS[dir], standing, asOf, version, removed);
    forward.accept(ReadinessUpdate.organizationKey(standing.organizationId()), u);
    sent[dir].put(states.sharedId(trunkId), standing);
    verdicts.put(pairKey, u.encode());
  }

  private TrunkInfo info(String trunkId) {
    return TrunkInfo.of(metadata.get(trunkId).value());
  }

  /** Reads the latest probes; a trunk whose probe changed (or went) has its pairs marked. */
  private void refreshProbes() {
    Set<String> seen = new HashSet<>();
    try (KeyValueIterator<String, ValueAndTimestamp<byte[]>> it = probeStore.all()) {
      while (it.hasNext()) {
        KeyValue<String, ValueAndTimestamp<byte[]>> kv = it.next();
        byte[] v = kv.value == null ? null : kv.value.value();
        if (v == null) {
          continue;
        }
        seen.add(kv.key);
        if (!Arrays.equals(probeBytes.get(kv.key), v)) {
          try {
            probes.put(kv.key, ProbeResult.of(probeDecoder.apply(v)));
          } catch (RegistryFaultException e) {
            continue; // the registry's fault, not the probe's: what was known stays, read again next step
          } catch (RuntimeException e) {
            probes.remove(kv.key); // undecodable: judged without a probe, as the API does
          }
          probeBytes.put(kv.key, v);
          markTrunk(kv.key);
        }
      }
    }
    if (seen.size() != probeBytes.size()) {
      for (Iterator<String> it = probeBytes.keySet().iterator(); it.hasNext(); ) {
        String trunkId = it.next();
        if (!seen.contains(trunkId)) {
          it.remove();
          probes.remove(trunkId);
          markTrunk(trunkId);
        }
      }
    }
  }

  private void markTrunk(String trunkId) {
    for (int d = 0; d < DIRECTIONS.length; d++) {
      if (sent[d].containsKey(trunkId)) {
        dirty.add(pairKey(d, trunkId));
      }
    }
  }
}
