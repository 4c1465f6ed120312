package io.cipherwatch.chaos;

import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.DeadLetter;
import io.cipherwatch.avro.DeprecationAlert;
import io.cipherwatch.avro.FleetUsage;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.HandshakeOutcome;
import io.cipherwatch.avro.TrunkMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Recomputes, from the input topic alone and from the README's rules (not with cipherwatch's topology, state or
 * policy classes), every {@code cipher-usage} row, every {@code fleet-usage} row, every alert transition and every
 * dead letter; then compares them with what the instances wrote. Input records are replayed per partition in
 * offset order, which is the processing order exactly-once must reproduce.
 *
 * <p>Rules applied (README "What a handshake means", "Invalid and late input", "Alerts", AlertEngine's Javadoc):
 * classification from D, S and GREASE; a window [s, s + size) with s a multiple of advance holds the valid,
 * non-late handshakes with s ≤ t &lt; s + size; a partition's event time is the largest timestamp of its valid
 * handshakes and ticks; a handshake is LATE when the window ending at its pane's end has already closed (its end ≤
 * floor((eventTime − grace) / advance) · advance); alerts per (trunk, direction) in processing order, late events
 * included, failures counted in 60 buckets of size / 60.
 */
final class ChaosChecker {
  static final Set<Integer> DEPRECATED = Set.of(0x003D, 0xC028);
  static final Set<Integer> SUPPORTED = Set.of(0x0035, 0x003D, 0x009C, 0x009D, 0xC014, 0xC028, 0xC02F, 0xC030);
  static final Map<Integer, String> IANA = Map.ofEntries(
      Map.entry(0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256"),
      Map.entry(0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"),
      Map.entry(0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
      Map.entry(0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
      Map.entry(0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256"),
      Map.entry(0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384"),
      Map.entry(0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA"),
      Map.entry(0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA"),
      Map.entry(0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"),
      Map.entry(0x1301, "TLS_AES_128_GCM_SHA256"),
      Map.entry(0x1302, "TLS_AES_256_GCM_SHA384"));

  enum Cls { FAILED, DEPRECATED_ONLY, PREFERS_DEPRECATED, OFFERS_DEPRECATED, CLEAN }

  enum Type { DEPRECATED_ONLY, PREFERS_DEPRECATED, REGRESSION, HANDSHAKE_FAILURES }

  /** Window and alert settings the instances run with. */
  record Settings(long size, long advance, long grace, long resolveAfter, long cleanPeriod, int failMinCount,
      double failMinShare) {
    long bucketMs() {
      return size / 60;
    }
  }

  /** Expected counts of one (trunk, direction, window). */
  static final class Row {
    final long[] classes = new long[Cls.values().length];
    final Map<String, Long> ciphers = new TreeMap<>();

    long handshakes() {
      long n = 0;
      for (long c : classes) {
        n += c;
      }
      return n;
    }
  }

  /**
   * Metadata versions (null = unknown trunk) a row or alert may carry, and the time from which only the newest is
   * acceptable (a row or alert whose event time is later was necessarily processed after the update had reached
   * every instance).
   */
  record MetadataHistory(Map<String, List<TrunkMetadata>> versions, long settledFrom) {}

  private final Settings s;
  private final int v1Id;
  private final int v2Id;
  private final SpecificDatumReader<HandshakeEvent> v1Reader;
  private final SpecificDatumReader<HandshakeEvent> v2Reader;
  final Map<String, Row> rows = new HashMap<>();
  final Map<String, List<String>> alerts = new HashMap<>();
  /** "partition/offset" → acceptable reasons. */
  final Map<String, Set<String>> deadLetters = new HashMap<>();
  final Map<String, Integer> inputCounts = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();

  ChaosChecker(Settings s, int v1Id, int v2Id) {
    this.s = s;
    this.v1Id = v1Id;
    this.v2Id = v2Id;
    SpecificData model = SpecificData.getForClass(HandshakeEvent.class);
    this.v1Reader = new SpecificDatumReader<>(HandshakeEvent.getClassSchema(), HandshakeEvent.getClassSchema(), model);
    Schema v2 = ChaosWorkload.v2Schema();
    this.v2Reader = new SpecificDatumReader<>(v2, HandshakeEvent.getClassSchema(), model);
  }

  // ---------------------------------------------------------------- recomputation from the input

  /** Per (trunk, direction): alert model state. */
  private static final class AlertModel {
    final long[] openedAt = new long[4];
    final String[] openingEvent = new String[4];
    final String[] openingChosen = new String[4];
    final List<?>[] openingOffer = new List<?>[4];
    final long[] since = new long[4];
    final long[] lastEvidence = new long[4];
    final boolean[] open = new boolean[4];
    long cleanSince = Long.MIN_VALUE;
    final TreeMap<Long, long[]> buckets = new TreeMap<>();
  }

  private final Map<String, AlertModel> alertModels = new HashMap<>();

  /** Replays one input partition, in offset order. */
  void replayPartition(int partition, List<ConsumerRecord<byte[], byte[]>> records) {
    long eventTime = Long.MIN_VALUE;
    for (ConsumerRecord<byte[], byte[]> r : records) {
      String where = partition + "/" + r.offset();
      Header tick = r.headers().lastHeader("cipherwatch-tick");
      if (tick != null) {
        eventTime = Math.max(eventTime, Long.parseLong(new String(tick.value(), StandardCharsets.US_ASCII)));
        count("ticks");
        continue;
      }
      Header expect = r.headers().lastHeader(ChaosWorkload.EXPECT_HEADER);
      String expected = expect == null ? null : new String(expect.value(), StandardCharsets.UTF_8);
      if (expected != null && !expected.equals("LATE")) {
        deadLetters.put(where, Set.of(expected.split(",")));
        count("poison " + expected);
        continue;
      }
      HandshakeEvent e = decode(r.value(), where);
      long ts = e.getTimestamp().toEpochMilli();
      eventTime = Math.max(eventTime, ts);
      long closedEnd = Math.floorDiv(eventTime - s.grace(), s.advance()) * s.advance();
      long pane = Math.floorDiv(ts, s.advance()) * s.advance();
      boolean late = pane + s.advance() <= closedEnd;
      if ("LATE".equals(expected) && !late) {
        problems.add("input " + where + " was meant to be LATE but is not by the rules: the test is wrong");
      }
      Cls cls = classify(e);
      String key = e.getTrunkId() + "|" + e.getDirection();
      if (late) {
        deadLetters.put(where, Set.of("LATE"));
        count("late handshakes");
      } else {
        count("handshakes counted in windows");
        for (long start = pane; start > ts - s.size(); start -= s.advance()) {
          Row row = rows.computeIfAbsent(key + "|" + start, k -> new Row());
          row.classes[cls.ordinal()]++;
          if (cls != Cls.FAILED) {
            row.ciphers.merge(name(e.getNegotiatedCipherSuite()), 1L, Long::sum);
          }
        }
      }
      alert(key, e, cls, ts);
    }
  }

  private void count(String what) {
    inputCounts.merge(what, 1, Integer::sum);
  }

  private HandshakeEvent decode(byte[] value, String where) {
    ByteBuffer b = ByteBuffer.wrap(value);
    if (value.length < 5 || b.get() != 0) {
      throw new IllegalStateException("input " + where + " is not framed Avro but has no " + ChaosWorkload.EXPECT_HEADER);
    }
    int id = b.getInt();
    SpecificDatumReader<HandshakeEvent> reader = id == v1Id ? v1Reader : id == v2Id ? v2Reader : null;
    if (reader == null) {
      throw new IllegalStateException("input " + where + " has schema id " + id + ", not " + v1Id + " or " + v2Id);
    }
    try {
      return reader.read(null, DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));
    } catch (IOException e) {
      throw new UncheckedIOException("input " + where, e);
    }
  }

  static boolean grease(int c) {
    return (c & 0x0F0F) == 0x0A0A && (c >> 8) == (c & 0xFF);
  }

  static Cls classify(HandshakeEvent e) {
    if (e.getOutcome() == HandshakeOutcome.FAILED) {
      return Cls.FAILED;
    }
    boolean inbound = e.getDirection() == io.cipherwatch.avro.Direction.INBOUND;
    boolean offersDeprecated = false;
    boolean offersAlternative = false;
    for (int c : e.getOfferedCipherSuites()) {
      if (grease(c)) {
        continue;
      }
      offersDeprecated |= DEPRECATED.contains(c);
      offersAlternative |= SUPPORTED.contains(c) && !DEPRECATED.contains(c);
    }
    int chosen = e.getNegotiatedCipherSuite();
    if (DEPRECATED.contains(chosen)) {
      return !inbound || !offersAlternative ? Cls.DEPRECATED_ONLY : Cls.PREFERS_DEPRECATED;
    }
    return inbound && offersDeprecated ? Cls.OFFERS_DEPRECATED : Cls.CLEAN;
  }

  static String name(int code) {
    String n = IANA.get(code);
    if (n == null) {
      throw new IllegalStateException("the checker has no IANA name for 0x" + Integer.toHexString(code));
    }
    return n;
  }

  private static boolean keepsAlive(Type t, Cls c) {
    return switch (t) {
      case DEPRECATED_ONLY -> c == Cls.DEPRECATED_ONLY;
      case PREFERS_DEPRECATED -> c == Cls.PREFERS_DEPRECATED;
      case REGRESSION -> c == Cls.DEPRECATED_ONLY || c == Cls.PREFERS_DEPRECATED;
      case HANDSHAKE_FAILURES -> c == Cls.FAILED;
    };
  }

  /** The README's alert contract for one handshake of a (trunk, direction). */
  private void alert(String key, HandshakeEvent e, Cls cls, long ts) {
    AlertModel m = alertModels.computeIfAbsent(key, k -> new AlertModel());
    List<String> out = alerts.computeIfAbsent(key, k -> new ArrayList<>());
    String eventId = e.getEventId();
    for (Type t : Type.values()) {
      int i = t.ordinal();
      if (!m.open[i]) {
        continue;
      }
      m.since[i]++;
      if (keepsAlive(t, cls)) {
        m.lastEvidence[i] = Math.max(m.lastEvidence[i], ts);
      } else if (ts - m.lastEvidence[i] >= s.resolveAfter()) {
        out.add(transition(m, t, "RESOLVED", ts, eventId));
        m.open[i] = false;
      }
    }
    boolean failed = cls == Cls.FAILED;
    long bucket = Math.floorDiv(ts, s.bucketMs());
    boolean counted;
    if (m.buckets.isEmpty() || bucket > m.buckets.lastKey()) {
      m.buckets.headMap(bucket - 60 + 1).clear();
      counted = true;
    } else {
      counted = bucket >= m.buckets.lastKey() - 60 + 1;
    }
    if (counted) {
      long[] b = m.buckets.computeIfAbsent(bucket, x -> new long[2]);
      b[0]++;
      b[1] += failed ? 1 : 0;
    }
    boolean chosenDeprecated = cls == Cls.DEPRECATED_ONLY || cls == Cls.PREFERS_DEPRECATED;
    if (cls == Cls.DEPRECATED_ONLY && !m.open[Type.DEPRECATED_ONLY.ordinal()]) {
      open(m, out, Type.DEPRECATED_ONLY, e, ts);
    }
    if (cls == Cls.PREFERS_DEPRECATED && !m.open[Type.PREFERS_DEPRECATED.ordinal()]) {
      open(m, out, Type.PREFERS_DEPRECATED, e, ts);
    }
    if (chosenDeprecated && !m.open[Type.REGRESSION.ordinal()] && m.cleanSince != Long.MIN_VALUE
        && ts - m.cleanSince >= s.cleanPeriod()) {
      open(m, out, Type.REGRESSION, e, ts);
    }
    if (failed && counted && !m.open[Type.HANDSHAKE_FAILURES.ordinal()]) {
      long hs = 0;
      long fails = 0;
      for (long[] b : m.buckets.subMap(bucket - 60 + 1, true, bucket, true).values()) {
        hs += b[0];
        fails += b[1];
      }
      if (fails >= s.failMinCount() && (double) fails / hs >= s.failMinShare()) {
        open(m, out, Type.HANDSHAKE_FAILURES, e, ts);
      }
    }
    if (chosenDeprecated) {
      m.cleanSince = Long.MIN_VALUE;
    } else if (!failed && m.cleanSince == Long.MIN_VALUE) {
      m.cleanSince = ts;
    }
  }

  private void open(AlertModel m, List<String> out, Type t, HandshakeEvent e, long ts) {
    int i = t.ordinal();
    m.open[i] = true;
    m.openedAt[i] = ts;
    m.openingEvent[i] = e.getEventId();
    m.openingChosen[i] = e.getNegotiatedCipherSuite() == null ? null : name(e.getNegotiatedCipherSuite());
    List<String> offer = new ArrayList<>();
    for (int c : e.getOfferedCipherSuites()) {
      if (!grease(c)) {
        offer.add(name(c));
      }
    }
    m.openingOffer[i] = offer;
    m.since[i] = 1;
    m.lastEvidence[i] = ts;
    out.add(transition(m, t, "OPEN", ts, e.getEventId()));
  }

  private static String transition(AlertModel m, Type t, String state, long eventTime, String eventId) {
    int i = t.ordinal();
    String severity = t == Type.PREFERS_DEPRECATED ? "WARNING" : "CRITICAL";
    return t + " " + severity + " " + state + " openedAt=" + m.openedAt[i] + " eventTime=" + eventTime + " eventId=" + eventId
        + " handshakesSinceOpen=" + m.since[i] + " lastEvidenceAt=" + m.lastEvidence[i] + " chosen="
        + m.openingChosen[i] + " offer=" + m.openingOffer[i] + " resolvedAt="
        + (state.equals("RESOLVED") ? Long.toString(eventTime) : null);
  }

  // ---------------------------------------------------------------- comparison with the outputs

  /** Compares the usage rows; returns the number of rows checked. */
  int checkUsage(List<CipherUsage> actual, MetadataHistory md) {
    Map<String, CipherUsage> seen = new HashMap<>();
    for (CipherUsage u : actual) {
      String key = u.getTrunkId() + "|" + u.getDirection() + "|" + u.getWindowStart().toEpochMilli();
      if (seen.put(key, u) != null) {
        problem("cipher-usage row emitted twice: " + key);
        continue;
      }
      Row row = rows.get(key);
      if (row == null) {
        problem("cipher-usage row that no input explains: " + key + " (" + u.getHandshakes() + " handshakes)");
        continue;
      }
      if (u.getWindowEnd().toEpochMilli() - u.getWindowStart().toEpochMilli() != s.size()) {
        problem("cipher-usage " + key + " ends at " + u.getWindowEnd());
      }
      String want = describe(row);
      String got = describe(u);
      if (!want.equals(got)) {
        problem("cipher-usage " + key + ": expected " + want + " but got " + got);
      }
      checkMetadata("cipher-usage " + key, u.getTrunkId(), u.getWindowEnd().toEpochMilli() + s.grace(), md,
          u.getTrunkName(), u.getCarrier(), u.getOrganizationId(), u.getContact());
    }
    for (String key : rows.keySet()) {
      if (!seen.containsKey(key)) {
        problem("cipher-usage row missing: " + key + " (" + rows.get(key).handshakes() + " handshakes)");
      }
    }
    return seen.size();
  }

  static String describe(Row r) {
    long[] c = r.classes;
    long hs = r.handshakes();
    long established = hs - c[Cls.FAILED.ordinal()];
    long deprecated = c[Cls.DEPRECATED_ONLY.ordinal()] + c[Cls.PREFERS_DEPRECATED.ordinal()];
    long wouldBreak = c[Cls.DEPRECATED_ONLY.ordinal()];
    String risk = wouldBreak > 0 ? "CRITICAL" : c[Cls.PREFERS_DEPRECATED.ordinal()] > 0 ? "WARNING"
        : c[Cls.OFFERS_DEPRECATED.ordinal()] > 0 ? "INFO" : "CLEAN";
    return String.format("hs=%d est=%d failed=%d dep=%d (%.9f) wb=%d (%.9f) clean=%d offers=%d prefers=%d only=%d"
            + " risk=%s ciphers=%s", hs, established, c[Cls.FAILED.ordinal()], deprecated,
        share(deprecated, established), wouldBreak, share(wouldBreak, established), c[Cls.CLEAN.ordinal()],
        c[Cls.OFFERS_DEPRECATED.ordinal()], c[Cls.PREFERS_DEPRECATED.ordinal()], c[Cls.DEPRECATED_ONLY.ordinal()],
        risk, r.ciphers);
  }

  static String describe(CipherUsage u) {
    return String.format("hs=%d est=%d failed=%d dep=%d (%.9f) wb=%d (%.9f) clean=%d offers=%d prefers=%d only=%d"
            + " risk=%s ciphers=%s", u.getHandshakes(), u.getEstablishedHandshakes(), u.getFailedHandshakes(),
        u.getDeprecatedHandshakes(), u.getDeprecatedShare(), u.getWouldBreakHandshakes(), u.getWouldBreakShare(),
        u.getCleanHandshakes(), u.getOffersDeprecatedHandshakes(), u.getPrefersDeprecatedHandshakes(),
        u.getDeprecatedOnlyHandshakes(), u.getRiskLevel(), new TreeMap<>(u.getCipherCounts()));
  }

  private static double share(long part, long whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }

  /** Compares the fleet rows with the sums of the expected trunk rows; returns the number checked. */
  int checkFleet(List<FleetUsage> actual) {
    Map<String, Row> expected = new HashMap<>();
    Map<String, long[]> risks = new HashMap<>();
    rows.forEach((key, row) -> {
      String[] p = key.split("\\|");
      String fk = p[1] + "|" + p[2];
      Row f = expected.computeIfAbsent(fk, k -> new Row());
      for (int i = 0; i < row.classes.length; i++) {
        f.classes[i] += row.classes[i];
      }
      row.ciphers.forEach((c, n) -> f.ciphers.merge(c, n, Long::sum));
      String risk = describe(row).replaceAll(".* risk=(\\w+) .*", "$1");
      long[] r = risks.computeIfAbsent(fk, k -> new long[5]);
      r[List.of("CRITICAL", "WARNING", "INFO", "CLEAN").indexOf(risk)]++;
      r[4]++;
    });
    Set<String> seen = new HashSet<>();
    for (FleetUsage f : actual) {
      String key = f.getDirection() + "|" + f.getWindowStart().toEpochMilli();
      if (!seen.add(key)) {
        problem("fleet-usage row emitted twice: " + key);
        continue;
      }
      Row row = expected.get(key);
      if (row == null) {
        if (f.getHandshakes() != 0) {
          problem("fleet-usage row that no input explains: " + key);
        }
        continue;
      }
      long[] r = risks.get(key);
      String want = describe(row).replaceAll(" risk=\\w+", "") + String.format(" trunks=%d risk=%d/%d/%d/%d", r[4],
          r[0], r[1], r[2], r[3]);
      String got = String.format("hs=%d est=%d failed=%d dep=%d (%.9f) wb=%d (%.9f) clean=%d offers=%d prefers=%d"
              + " only=%d ciphers=%s trunks=%d risk=%d/%d/%d/%d", f.getHandshakes(), f.getEstablishedHandshakes(),
          f.getFailedHandshakes(), f.getDeprecatedHandshakes(), f.getDeprecatedShare(), f.getWouldBreakHandshakes(),
          f.getWouldBreakShare(), f.getCleanHandshakes(), f.getOffersDeprecatedHandshakes(),
          f.getPrefersDeprecatedHandshakes(), f.getDeprecatedOnlyHandshakes(), new TreeMap<>(f.getCipherCounts()),
          f.getTrunks(), f.getCriticalTrunks(), f.getWarningTrunks(), f.getInfoTrunks(), f.getCleanTrunks());
      if (!want.equals(got)) {
        problem("fleet-usage " + key + ": expected " + want + " but got " + got);
      }
    }
    for (String key : expected.keySet()) {
      if (!seen.contains(key)) {
        problem("fleet-usage row missing: " + key);
      }
    }
    return seen.size();
  }

  /** Compares every (trunk, direction)'s transitions, in order; returns the number checked. */
  int checkAlerts(List<DeprecationAlert> actual, MetadataHistory md) {
    Map<String, List<String>> got = new HashMap<>();
    Map<String, String> idOfOpen = new HashMap<>();
    Set<String> idStates = new HashSet<>();
    for (DeprecationAlert a : actual) {
      String key = a.getTrunkId() + "|" + a.getDirection();
      String chosen = a.getNegotiatedCipherSuite();
      got.computeIfAbsent(key, k -> new ArrayList<>()).add(a.getType() + " " + a.getSeverity() + " " + a.getState()
          + " openedAt="
          + a.getOpenedAt().toEpochMilli() + " eventTime=" + a.getEventTime().toEpochMilli() + " eventId="
          + a.getEventId() + " handshakesSinceOpen=" + a.getHandshakesSinceOpen() + " lastEvidenceAt="
          + a.getLastEvidenceAt().toEpochMilli() + " chosen=" + chosen + " offer=" + a.getOfferedCipherSuites()
          + " resolvedAt=" + (a.getResolvedAt() == null ? null : Long.toString(a.getResolvedAt().toEpochMilli())));
      if (!idStates.add(a.getAlertId() + "|" + a.getState())) {
        problem("alert (alertId, state) emitted twice: " + a.getAlertId() + " " + a.getState() + " " + key);
      }
      String alertKey = key + "|" + a.getType() + "|" + a.getOpenedAt().toEpochMilli();
      String prev = idOfOpen.putIfAbsent(alertKey, a.getAlertId().toString());
      if (prev != null && !prev.equals(a.getAlertId().toString())) {
        problem("OPEN and RESOLVED of " + alertKey + " have different alertIds " + prev + " / " + a.getAlertId());
      }
      checkMetadata("alert " + key + " " + a.getType() + " " + a.getState(), a.getTrunkId(),
          a.getEventTime().toEpochMilli(), md, a.getTrunkName(), a.getCarrier(), a.getOrganizationId(),
          a.getContact());
    }
    int n = 0;
    Set<String> keys = new HashSet<>(alerts.keySet());
    keys.addAll(got.keySet());
    for (String key : keys) {
      List<String> want = alerts.getOrDefault(key, List.of());
      List<String> have = got.getOrDefault(key, List.of());
      n += have.size();
      if (!want.equals(have)) {
        int i = 0;
        while (i < Math.min(want.size(), have.size()) && want.get(i).equals(have.get(i))) {
          i++;
        }
        problem("alerts of " + key + " differ from transition " + i + " of " + want.size() + " expected / "
            + have.size() + " emitted: expected " + (i < want.size() ? want.get(i) : "nothing more") + " but got "
            + (i < have.size() ? have.get(i) : "nothing more"));
      }
    }
    return n;
  }

  /** Compares the dead letters with the poison and late records; returns the number checked. */
  int checkDeadLetters(List<DeadLetter> actual, String inputTopic) {
    Set<String> seen = new HashSet<>();
    for (DeadLetter d : actual) {
      String where = d.getPartition() + "/" + d.getOffset();
      if (!inputTopic.equals(d.getTopic())) {
        problem("dead letter from topic " + d.getTopic() + " (" + d.getReason() + "): only input records are expected");
        continue;
      }
      if (!seen.add(where)) {
        problem("dead letter for input " + where + " emitted twice (" + d.getReason() + ")");
        continue;
      }
      Set<String> reasons = deadLetters.get(where);
      if (reasons == null) {
        problem("dead letter for a valid input record " + where + ": " + d.getReason() + " - " + d.getMessage());
      } else if (!reasons.contains(d.getReason())) {
        problem("dead letter for input " + where + " has reason " + d.getReason() + ", expected one of " + reasons
            + " (" + d.getMessage() + ")");
      }
    }
    for (Map.Entry<String, Set<String>> e : deadLetters.entrySet()) {
      if (!seen.contains(e.getKey())) {
        problem("no dead letter for input " + e.getKey() + " (expected " + e.getValue() + ")");
      }
    }
    return seen.size();
  }

  private void checkMetadata(String what, String trunkId, long processedNoEarlierThan, MetadataHistory md,
      String trunkName, String carrier, String orgId, String contact) {
    List<TrunkMetadata> versions = md.versions().getOrDefault(trunkId, List.of());
    List<String> allowed = new ArrayList<>();
    for (TrunkMetadata v : versions) {
      allowed.add(fields(v));
    }
    if (allowed.isEmpty()) {
      allowed.add(fields(null));
    }
    if (processedNoEarlierThan >= md.settledFrom()) {
      allowed = allowed.subList(allowed.size() - 1, allowed.size());
    }
    String got = trunkName + "|" + carrier + "|" + orgId + "|" + contact;
    if (!allowed.contains(got)) {
      problem(what + " carries metadata " + got + ", expected one of " + allowed);
    }
  }

  private static String fields(TrunkMetadata m) {
    return m == null ? "null|null|null|null"
        : m.getTrunkName() + "|" + m.getCarrier() + "|" + m.getOrganizationId() + "|" + m.getContact();
  }

  private void problem(String p) {
    problems.add(p);
  }

  List<String> problems() {
    return problems;
  }

  static String summarize(List<String> problems, int max) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < Math.min(max, problems.size()); i++) {
      b.append("\n  - ").append(problems.get(i));
    }
    if (problems.size() > max) {
      b.append("\n  ... and ").append(problems.size() - max).append(" more");
    }
    return b.toString();
  }
}
