package io.cipherwatch.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.alerting.AlertStateCodec;
import io.cipherwatch.codec.Varint;
import io.cipherwatch.policy.Classification;
import io.cipherwatch.readiness.DayBucket;
import io.cipherwatch.readiness.DayBucketCodec;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TrunkStateTest {
  private static final long ADV = 300_000;
  private static final long SIZE = 12 * ADV;
  private static final long T = 1_700_000_100_000L / ADV * ADV;

  private static TrunkState state() {
    return TrunkState.empty("trunk-1", (byte) 1);
  }

  @Test
  void panesStayInStartOrderWhateverTheArrivalOrder() {
    TrunkState s = state();
    long[] arrivals = {T + 3 * ADV, T, T + 5 * ADV, T + ADV, T + 3 * ADV, T};
    for (long start : arrivals) {
      s.count(start, Classification.CLEAN, 0x009C);
    }
    assertEquals(4, s.paneCount());
    long[] expected = {T, T + ADV, T + 3 * ADV, T + 5 * ADV};
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], s.paneStart(i));
    }
    assertEquals(2, s.pane(0).handshakes());
    assertEquals(2, s.pane(2).handshakes());
  }

  @Test
  void paneCountGrowsOnlyWhenAPaneIsNew() {
    TrunkState s = state();
    assertTrue(s.count(T, Classification.FAILED, -1));
    assertEquals(1, s.paneCount());
    assertFalse(s.count(T, Classification.CLEAN, 0x009C));
    assertEquals(1, s.paneCount());
    assertTrue(s.count(T - ADV, Classification.CLEAN, 0x009C));
    assertEquals(2, s.paneCount());
  }

  /** A pane's count stops at the largest int instead of wrapping, whether counted one by one or added. */
  @Test
  void paneCountsStopAtTheLargestInt() {
    UsageCounts near = new UsageCounts();
    // the encoded form of the counts (varints), with CLEAN and its suite one short of the largest int
    ByteBuffer b = ByteBuffer.allocate(64);
    b.put((byte) 1);
    for (Classification c : Classification.values()) {
      Varint.putLong(b, c == Classification.CLEAN ? Integer.MAX_VALUE - 1 : 0);
    }
    Varint.putLong(b, 1);
    Varint.putLong(b, 0x009C);
    Varint.putLong(b, Integer.MAX_VALUE - 1);
    near.mergeEncoded(Arrays.copyOf(b.array(), b.position()));
    TrunkState s = state();
    s.add(T, near);
    s.count(T, Classification.CLEAN, 0x009C);
    s.count(T, Classification.CLEAN, 0x009C);
    assertEquals(Integer.MAX_VALUE, s.pane(0).count(Classification.CLEAN));
    assertEquals(Integer.MAX_VALUE, s.pane(0).cipherHandshakes(0));
    s.add(T, near);
    s.add(T + ADV, near);
    s.add(T + ADV, near);
    assertEquals(Integer.MAX_VALUE, s.pane(0).count(Classification.CLEAN));
    assertEquals(Integer.MAX_VALUE, s.pane(1).count(Classification.CLEAN));
    assertEquals(Integer.MAX_VALUE, s.pane(1).cipherHandshakes(0));
    // a window sums its panes in longs
    assertEquals(2L * Integer.MAX_VALUE, s.countsIn(T, T + SIZE, new UsageCounts()).count(Classification.CLEAN));
  }

  /** Packed panes hold what one counts object per pane would, through inserts, new suites and drops. */
  @Test
  void packedPanesMatchACountsObjectPerPane() {
    Random rnd = new Random(11);
    UsageCounts sum = new UsageCounts();
    for (int round = 0; round < 300; round++) {
      TrunkState s = state();
      TreeMap<Long, UsageCounts> model = new TreeMap<>();
      long floor = T;
      for (int step = 0; step < 200; step++) {
        if (rnd.nextInt(25) == 0) {
          floor += rnd.nextInt(4) * ADV;
          s.dropPanesBefore(floor);
          model.headMap(floor).clear();
          continue;
        }
        long start = floor + rnd.nextInt(14) * ADV;
        Classification cls = Classification.values()[rnd.nextInt(Classification.values().length)];
        int chosen = cls == Classification.FAILED ? -1 : 0xC000 + rnd.nextInt(6);
        assertEquals(!model.containsKey(start), s.count(start, cls, chosen));
        model.computeIfAbsent(start, k -> new UsageCounts()).add(cls, chosen);
      }
      assertEquals(model.size(), s.paneCount());
      int i = 0;
      for (var e : model.entrySet()) {
        assertEquals(e.getKey(), s.paneStart(i));
        assertArrayEquals(e.getValue().encode(), s.pane(i).encode());
        assertArrayEquals(e.getValue().encode(), s.paneCounts(e.getKey(), sum).encode());
        i++;
      }
      long from = floor + rnd.nextInt(6) * ADV;
      UsageCounts expected = new UsageCounts();
      model.subMap(from, from + SIZE).values().forEach(expected::addAll);
      assertArrayEquals(expected.encode(), s.countsIn(from, from + SIZE, sum).encode());
      assertNull(s.paneCounts(floor - ADV, sum));
    }
  }

  @Test
  void lastSeenRoundTripsAndVersionOneAndTwoStatesReadWithoutWhatTheyLack() {
    TrunkState s = state();
    s.lastSeen = T + 42;
    TrunkState.Scratch scratch = new TrunkState.Scratch(64, 4);
    assertEquals(T + 42, TrunkState.decode(s.key, s.encode(scratch)).lastSeen);
    s.lastSeen = TrunkState.NONE;
    byte[] v3 = s.encode(scratch);
    assertEquals(0, v3[v3.length - 1], "no day of offers");
    // version 2 is version 3 without the offers' varint; version 1 is version 2 without lastSeen (10 bytes)
    byte[] v2 = Arrays.copyOf(v3, v3.length - 1);
    v2[0] = 2;
    byte[] v1 = new byte[v2.length - 10];
    v1[0] = 1;
    System.arraycopy(v2, 11, v1, 1, v1.length - 1);
    for (byte[] old : List.of(v2, v1)) {
      TrunkState back = TrunkState.decode(s.key, old);
      assertEquals(TrunkState.NONE, back.lastSeen);
      assertNull(back.offers);
      assertArrayEquals(v3, back.encode(scratch));
    }
  }

  @Test
  void theNewestDayOfOffersRoundTripsAndAnUnreadableOneIsDropped() {
    TrunkState s = state();
    s.count(T, Classification.CLEAN, 0x009C);
    s.offers = new DayBucket(19_700);
    int[] offer = {0xC02F, 0xC030, 0x003D};
    s.offers.add(offer, 3, 0xC02F, false);
    s.offers.add(offer, 3, 0xC02F, false);
    s.offers.add(offer, 1, -1, true);
    TrunkState.Scratch scratch = new TrunkState.Scratch(8, 1);
    byte[] bytes = s.encode(scratch);
    TrunkState back = TrunkState.decode(s.key, bytes);
    assertEquals(19_700, back.offers.epochDay());
    assertArrayEquals(DayBucketCodec.encode(s.offers), DayBucketCodec.encode(back.offers));
    assertEquals(1, back.paneCount());
    assertArrayEquals(bytes, back.encode(scratch));
    byte[] corrupt = Arrays.copyOf(bytes, bytes.length - 3); // the last offer cut short
    TrunkState dropped = TrunkState.decode(s.key, corrupt);
    assertNull(dropped.offers, "a bucket that does not decode restarts the day");
    assertEquals(1, dropped.paneCount());
  }

  @Test
  void theStoreKeyIsDirectionThenTrunkIdAndDecodingReadsThemBack() {
    TrunkState s = state();
    assertArrayEquals(new byte[] {1, 't', 'r', 'u', 'n', 'k', '-', '1'}, s.key);
    TrunkState back = TrunkState.decode(s.key, s.encode(new TrunkState.Scratch(64, 16)));
    assertEquals("trunk-1", back.trunkId);
    assertEquals(1, back.direction);
  }

  @Test
  void countsInSumsThePanesOfTheRange() {
    TrunkState s = state();
    s.count(T, Classification.CLEAN, 0x009C);
    s.count(T + ADV, Classification.DEPRECATED_ONLY, 0x003D);
    s.count(T + 2 * ADV, Classification.FAILED, -1);
    UsageCounts sum = new UsageCounts();
    assertArrayEquals(s.pane(1).encode(), s.countsIn(T + ADV, T + 2 * ADV, sum).encode());
    UsageCounts all = s.countsIn(T, T + SIZE, sum);
    assertSame(sum, all);
    assertEquals(3, all.handshakes());
    assertEquals(1, all.wouldBreak());
    assertEquals(1, all.failed());
    assertEquals(0, s.countsIn(T + 3 * ADV, T + SIZE, sum).handshakes());
  }

  @Test
  void droppingPanesKeepsTheOthersCountsAndAnIdleKeyStartsAfresh() {
    TrunkState s = state();
    for (int i = 0; i < 5; i++) {
      for (int k = 0; k <= i; k++) {
        s.count(T + i * ADV, Classification.CLEAN, 0x009C + k);
      }
    }
    s.dropPanesBefore(T + 3 * ADV);
    assertEquals(2, s.paneCount());
    assertEquals(T + 3 * ADV, s.paneStart(0));
    assertEquals(4, s.pane(0).handshakes(), "kept panes keep their counts");
    assertEquals(5, s.pane(1).cipherCount());
    s.dropPanesBefore(T);
    assertEquals(2, s.paneCount());
    s.dropPanesBefore(T + 10 * ADV);
    assertEquals(0, s.paneCount(), "an idle key holds no panes");
    s.count(T + 11 * ADV, Classification.FAILED, -1);
    assertEquals(1, s.pane(0).handshakes());
    assertEquals(0, s.pane(0).cipherCount());
  }

  @Test
  void lastWindowEndIsTheNewestClosedPanesLastClosedWindow() {
    TrunkState s = state();
    assertEquals(TrunkState.NONE, s.lastWindowEnd(T + SIZE, SIZE, ADV));
    s.count(T, Classification.CLEAN, 0x009C);
    // the pane has not closed yet
    assertEquals(TrunkState.NONE, s.lastWindowEnd(T, SIZE, ADV));
    // closed: windows ending up to closedEnd include it
    assertEquals(T + ADV, s.lastWindowEnd(T + ADV, SIZE, ADV));
    assertEquals(T + 5 * ADV, s.lastWindowEnd(T + 5 * ADV, SIZE, ADV));
    // its last window ends at start + size
    assertEquals(T + SIZE, s.lastWindowEnd(T + 40 * ADV, SIZE, ADV));
    // a newer pane that is still open does not count
    s.count(T + 20 * ADV, Classification.CLEAN, 0x009C);
    assertEquals(T + SIZE, s.lastWindowEnd(T + 20 * ADV, SIZE, ADV));
    assertEquals(T + 21 * ADV, s.lastWindowEnd(T + 21 * ADV, SIZE, ADV));
  }

  @Test
  void encodingRoundTripsAlertStateAndPanes() {
    Random rnd = new Random(7);
    TrunkState.Scratch scratch = new TrunkState.Scratch(4, 1);
    for (int round = 0; round < 200; round++) {
      TrunkState s = state();
      int panes = rnd.nextInt(14);
      for (int i = 0; i < panes; i++) {
        long start = T + rnd.nextInt(30) * ADV;
        int n = 1 + rnd.nextInt(40);
        for (int k = 0; k < n; k++) {
          Classification cls = Classification.values()[rnd.nextInt(Classification.values().length)];
          s.count(start, cls, cls == Classification.FAILED ? -1 : rnd.nextInt(0x10000));
        }
      }
      byte[] bytes = s.encode(scratch);
      TrunkState back = TrunkState.decode(s.key, bytes);
      assertArrayEquals(AlertStateCodec.encode(s.alert), AlertStateCodec.encode(back.alert));
      assertEquals(s.paneCount(), back.paneCount());
      for (int i = 0; i < s.paneCount(); i++) {
        assertEquals(s.paneStart(i), back.paneStart(i));
        assertArrayEquals(s.pane(i).encode(), back.pane(i).encode());
      }
      assertArrayEquals(bytes, back.encode(scratch));
    }
  }

  @Test
  void anUnknownFormatVersionIsRefusedWithWhatToDo() {
    byte[] bytes = state().encode(new TrunkState.Scratch(64, 16));
    bytes[0] = 9;
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TrunkState.decode(new byte[] {1, 't'}, bytes));
    assertTrue(e.getMessage().contains("newer cipherwatch"), e.getMessage());
  }
}
