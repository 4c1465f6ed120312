package io.cipherwatch.alerting;

import static io.cipherwatch.alerting.Harness.HOUR;
import static io.cipherwatch.alerting.Harness.MINUTE;
import static io.cipherwatch.alerting.Harness.T0;
import static io.cipherwatch.policy.Classification.CLEAN;
import static io.cipherwatch.policy.Classification.DEPRECATED_ONLY;
import static io.cipherwatch.policy.Classification.FAILED;
import static io.cipherwatch.policy.Classification.PREFERS_DEPRECATED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.alerting.RandomHandshakes.Hs;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AlertStateCodecTest {

  private static AlertState roundTrip(AlertState s) {
    byte[] bytes = AlertStateCodec.encode(s);
    AlertState copy = AlertStateCodec.decode(bytes);
    assertEquals(s, copy);
    assertEquals(s.hashCode(), copy.hashCode());
    assertArrayEquals(bytes, AlertStateCodec.encode(copy));
    return copy;
  }

  /** A state with every alert type open, a clean stretch and gapped bucket runs. */
  private static Harness rich() {
    Harness h = new Harness(AlertSettings.defaults(), "trunk-ü", "INBOUND");
    h.hs(T0, CLEAN);
    h.hs(T0 + HOUR, PREFERS_DEPRECATED, "pref-漢");
    h.hs(T0 + HOUR + 1, DEPRECATED_ONLY);
    h.repeat(3, T0 + HOUR + 2 * MINUTE, MINUTE, FAILED);
    h.hs(T0 + HOUR + 10 * MINUTE, CLEAN);
    h.hs(T0 + HOUR + 12 * MINUTE, CLEAN);
    assertEquals(4, h.state.openCount());
    return h;
  }

  @Test
  void anAlertTypeAddedLaterIsNotMistakenForAFlag() {
    // a later version with a fifth alert type open on a key, nothing else: its type bit must not read as a flag
    AlertState s = AlertState.empty();
    s.openMask = 1 << AlertType.count();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AlertStateCodec.decode(AlertStateCodec.encode(s)));
    assertTrue(e.getMessage().contains("alert type " + AlertType.count()), e.getMessage());
  }

  @Test
  void headerKeepsEveryTypeBitApartFromTheFlags() {
    for (int t = 0; t < 40; t++) {
      for (int flags = 0; flags < 4; flags++) {
        long h = AlertStateCodec.header(1L << t, (flags & 1) != 0, (flags & 2) != 0);
        assertEquals(1L << t, AlertStateCodec.openTypes(h), "type " + t + ", flags " + flags);
        assertEquals(AlertStateCodec.header(0, (flags & 1) != 0, (flags & 2) != 0),
            h & ~AlertStateCodec.header(1L << t, false, false), "type " + t + ", flags " + flags);
      }
    }
  }

  @Test
  void emptyStateIsTwoBytes() {
    byte[] bytes = AlertStateCodec.encode(AlertState.empty());
    assertArrayEquals(new byte[] {AlertStateCodec.VERSION, 0}, bytes);
    assertEquals(AlertState.empty(), AlertStateCodec.decode(bytes));
  }

  @Test
  void richStateRoundTripsAndBehavesTheSame() {
    Harness original = rich();
    Harness copy = rich();
    copy.state = roundTrip(copy.state);
    assertEquals(original.state.alertId(AlertType.PREFERS_DEPRECATED),
        copy.state.alertId(AlertType.PREFERS_DEPRECATED));
    assertEquals("pref-漢", copy.state.openingEventId(AlertType.PREFERS_DEPRECATED));
    List<Transition> a = original.hs(T0 + 4 * HOUR, CLEAN, "end");
    List<Transition> b = copy.hs(T0 + 4 * HOUR, CLEAN, "end");
    assertEquals(4, a.size());
    assertEquals(a, b);
  }

  @Test
  void quietKeyIsAFewTensOfBytes() {
    Harness h = Harness.defaults();
    h.hs(T0, CLEAN);
    h.hs(T0 + 7 * MINUTE, CLEAN);
    h.hs(T0 + 30 * MINUTE, CLEAN);
    h.hs(T0 + 31 * MINUTE, FAILED);
    int size = AlertStateCodec.encode(roundTrip(h.state)).length;
    assertTrue(size <= 30, "size " + size);
  }

  @Test
  void busyKeyStaysCompact() {
    Harness h = Harness.defaults();
    h.repeat(2 * 3_600, T0, 1_000, CLEAN);
    assertEquals(60, h.state.bucketCount);
    int oncePerSecond = AlertStateCodec.encode(roundTrip(h.state)).length;
    assertTrue(oncePerSecond <= 80, "size " + oncePerSecond);
    h.repeat(36_000, T0 + 2 * HOUR, 100, CLEAN);
    int tenPerSecond = AlertStateCodec.encode(roundTrip(h.state)).length;
    assertTrue(tenPerSecond <= 140, "size " + tenPerSecond);
  }

  @Test
  void openAlertAddsItsEvidence() {
    Harness h = Harness.defaults();
    h.hs(T0, DEPRECATED_ONLY, "e1");
    int size = AlertStateCodec.encode(roundTrip(h.state)).length;
    // header and counts (~13) + id 16 + times and counts ~8 + suite 3 + eventId 3 + offer 7.
    assertTrue(size <= 52, "size " + size);
  }

  @Test
  void rejectsUnknownVersionsWithAClearMessage() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AlertStateCodec.decode(new byte[] {2, 0}));
    assertTrue(e.getMessage().contains("version 2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> AlertStateCodec.decode(new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> AlertStateCodec.decode(null));
  }

  @Test
  void encodingIntoAReusedBufferGivesTheSameBytesAndGrowsItWhenTooSmall() {
    byte[] rich = AlertStateCodec.encode(rich().state);
    byte[] empty = AlertStateCodec.encode(AlertState.empty());
    ByteBuffer scratch = ByteBuffer.allocate(1);
    ByteBuffer grown = AlertStateCodec.encodeInto(rich().state, scratch);
    assertTrue(grown.capacity() >= rich.length, "grown to hold " + rich.length + " bytes");
    assertArrayEquals(rich, Arrays.copyOf(grown.array(), grown.position()));
    // the shorter encoding that follows leaves nothing of the longer one in what it returns
    ByteBuffer again = AlertStateCodec.encodeInto(AlertState.empty(), grown);
    assertTrue(again == grown, "a large enough buffer is reused");
    assertArrayEquals(empty, Arrays.copyOf(again.array(), again.position()));
  }

  @Test
  void rejectsEveryTruncationAndTrailingBytes() {
    byte[] bytes = AlertStateCodec.encode(rich().state);
    for (int len = 1; len < bytes.length; len++) {
      byte[] prefix = Arrays.copyOf(bytes, len);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> AlertStateCodec.decode(prefix), "prefix of " + len);
      assertTrue(e.getMessage().startsWith("corrupt alert state"), e.getMessage());
    }
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AlertStateCodec.decode(longer));
    assertTrue(e.getMessage().contains("trailing"), e.getMessage());
  }

  /** Version, header with DEPRECATED_ONLY open, alert id, and the given alert fields after it. */
  private static byte[] openAlert(int... tail) {
    byte[] b = new byte[2 + 16 + tail.length];
    b[0] = AlertStateCodec.VERSION;
    b[1] = 1;
    for (int i = 0; i < tail.length; i++) {
      b[18 + i] = (byte) tail[i];
    }
    return b;
  }

  @Test
  void rejectsNegativeLengthsAndInconsistentEvidence() {
    int[] minusOne = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01};
    int[] fields = {2, 0, 1, 1};
    int[] negativeIdLength = new int[fields.length + minusOne.length];
    System.arraycopy(fields, 0, negativeIdLength, 0, fields.length);
    System.arraycopy(minusOne, 0, negativeIdLength, fields.length, minusOne.length);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AlertStateCodec.decode(openAlert(negativeIdLength)));
    assertTrue(e.getMessage().contains("eventId length"), e.getMessage());
    // Evidence 1 ms before the opening, and zero handshakes since opening.
    assertThrows(IllegalArgumentException.class,
        () -> AlertStateCodec.decode(openAlert(2, 1, 1, 1, 0, 0)));
    assertThrows(IllegalArgumentException.class,
        () -> AlertStateCodec.decode(openAlert(2, 0, 0, 1, 0, 0)));
    // The same bytes with valid fields decode: zz 1 lastEvidence, 0 delta, 1 handshake,
    // chosen -1, empty eventId, empty offer.
    AlertState s = AlertStateCodec.decode(openAlert(2, 0, 1, 1, 0, 0));
    assertEquals(1, s.handshakesSinceOpen(AlertType.DEPRECATED_ONLY));
    assertEquals(1, s.openedAt(AlertType.DEPRECATED_ONLY));
  }

  @Test
  void randomCorruptionFailsOnlyWithIllegalArgument() {
    byte[] bytes = AlertStateCodec.encode(rich().state);
    Random r = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      byte[] bad = bytes.clone();
      for (int k = 1 + r.nextInt(3); k > 0; k--) {
        bad[1 + r.nextInt(bad.length - 1)] = (byte) r.nextInt(256);
      }
      try {
        roundTrip(AlertStateCodec.decode(bad));
      } catch (IllegalArgumentException expected) {
        // a clear rejection is fine; anything else fails the test
      }
    }
  }

  /**
   * Every state reached by thousands of random sequences (late events included) survives the
   * codec: a copy decoded from the encoding before every handshake emits exactly what the
   * never-encoded original emits, for the rest of the sequence.
   */
  @Test
  void decodedStatesBehaveIdenticallyOnRandomSequences() {
    Random r = new Random(42);
    Map<String, Integer> seen = new TreeMap<>();
    int maxSize = 0;
    for (int run = 0; run < 2_000; run++) {
      AlertSettings s = RandomHandshakes.settings(r);
      AlertEngine engine = new AlertEngine(s);
      List<Hs> hs = RandomHandshakes.sequence(r, 1 + r.nextInt(200), Harness.T0 + r.nextInt(),
          r.nextBoolean() ? s.failuresBucketMs() : 0, 0.05);
      AlertState original = AlertState.empty();
      AlertState copy = AlertState.empty();
      Map<AlertType, Transition> open = new TreeMap<>();
      for (int i = 0; i < hs.size(); i++) {
        byte[] bytes = AlertStateCodec.encode(copy);
        maxSize = Math.max(maxSize, bytes.length);
        copy = AlertStateCodec.decode(bytes);
        assertEquals(original, copy);
        List<Transition> a = new ArrayList<>();
        List<Transition> b = new ArrayList<>();
        hs.get(i).applyTo(engine, "trunk", "OUTBOUND", original, a);
        hs.get(i).applyTo(engine, "trunk", "OUTBOUND", copy, b);
        int seq = run;
        int step = i;
        assertEquals(a, b, () -> "run " + seq + " step " + step);
        assertEquals(original, copy);
        for (Transition t : a) {
          checkLifecycle(open, t, s);
          seen.merge((t.open() ? "OPEN " : "RESOLVED ") + t.type(), 1, Integer::sum);
        }
      }
    }
    assertEquals(8, seen.size(), seen::toString);
    seen.values().forEach(n -> assertTrue(n >= 150, seen::toString));
    assertTrue(maxSize < 600, "largest encoding " + maxSize);
  }

  /** OPEN and RESOLVED alternate per type and a resolution carries its opening's identity. */
  private static void checkLifecycle(Map<AlertType, Transition> open, Transition t,
      AlertSettings s) {
    Transition opening = open.get(t.type());
    if (t.open()) {
      assertEquals(null, opening, "opened twice: " + t);
      assertEquals(1, t.handshakesSinceOpen());
      assertEquals(t.openedAt(), t.eventTime());
      open.put(t.type(), t);
    } else {
      assertEquals(opening.alertId(), t.alertId(), "resolved without opening: " + t);
      assertEquals(opening.openedAt(), t.openedAt());
      assertEquals(opening.openingEventId(), t.openingEventId());
      assertArrayEquals(opening.openingOffer(), t.openingOffer());
      assertTrue(t.eventTime() - t.lastEvidenceAt() >= s.resolveAfterMs(), t::toString);
      assertTrue(t.handshakesSinceOpen() >= 2, t::toString);
      open.remove(t.type());
    }
  }
}
