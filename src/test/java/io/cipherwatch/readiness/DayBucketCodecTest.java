package io.cipherwatch.readiness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DayBucketCodecTest {
  @Test
  void roundTripsABucketAndItsKey() {
    DayBucket b = new DayBucket(20_500);
    b.add(new int[] {0xC030, 0x003D}, 2, 0xC030, false);
    b.add(new int[] {0xC030, 0x003D}, 2, 0xC030, false);
    b.add(new int[] {0x003D}, 1, -1, true);
    b.addOther(3, 4);
    DayBucket back = DayBucketCodec.decode(20_500, DayBucketCodec.encode(b));
    assertEquals(b.handshakes(), back.handshakes());
    assertEquals(3, back.otherEstablished());
    assertEquals(4, back.otherFailed());
    assertEquals(2, back.entries().size());
    assertEquals(2, back.entries().get(0).count());
    assertArrayEquals(new int[] {0xC030, 0x003D}, back.entries().get(0).offer());
    assertEquals(0xC030, back.entries().get(0).chosen());
    assertEquals(true, back.entries().get(1).failed());
    byte[] key = DayBucketCodec.key("trunk-é", 1, 20_500);
    assertEquals("trunk-é", DayBucketCodec.trunkId(key));
    assertEquals(1, DayBucketCodec.direction(key));
    assertEquals(20_500, DayBucketCodec.epochDay(key));
  }

  @Test
  void corruptValuesAreRejectedWithoutHugeAllocations() {
    byte[] good = DayBucketCodec.encode(new DayBucket(1));
    assertThrows(IllegalArgumentException.class, () -> DayBucketCodec.decode(1, new byte[] {9}));
    byte[] claimsMany = good.clone();
    claimsMany[17] = 0x7F;
    assertThrows(IllegalArgumentException.class, () -> DayBucketCodec.decode(1, claimsMany));
    DayBucket one = new DayBucket(1);
    one.add(new int[] {1, 2, 3}, 3, 1, false);
    byte[] truncated = Arrays.copyOf(DayBucketCodec.encode(one), 30);
    assertThrows(IllegalArgumentException.class, () -> DayBucketCodec.decode(1, truncated));
  }
}
