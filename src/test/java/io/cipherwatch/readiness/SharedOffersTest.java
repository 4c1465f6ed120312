package io.cipherwatch.readiness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class SharedOffersTest {
  @Test
  void equalOffersShareOneArrayThatIsNotTheCallersBuffer() {
    SharedOffers pool = new SharedOffers(16);
    int[] buffer = {0xC02F, 0x003D, 0x009C, 0, 0};
    int[] a = pool.of(buffer, 3);
    assertNotSame(buffer, a);
    assertArrayEquals(new int[] {0xC02F, 0x003D, 0x009C}, a);
    buffer[0] = 0x1301; // the caller reuses its buffer: the shared array keeps its codes
    assertArrayEquals(new int[] {0xC02F, 0x003D, 0x009C}, a);
    assertSame(a, pool.of(new int[] {0xC02F, 0x003D, 0x009C}, 3));
    assertEquals(1, pool.size());
  }

  @Test
  void offersDifferingInOrderOrLengthAreDistinct() {
    SharedOffers pool = new SharedOffers(16);
    int[] ab = pool.of(new int[] {1, 2}, 2);
    assertNotSame(ab, pool.of(new int[] {2, 1}, 2));
    assertNotSame(ab, pool.of(new int[] {1, 2, 3}, 3));
    assertArrayEquals(new int[] {1}, pool.of(new int[] {1, 2}, 1));
    assertArrayEquals(new int[0], pool.of(new int[] {7}, 0));
    assertEquals(5, pool.size());
  }

  @Test
  void aFullPoolCopiesNewOffersAndStillSharesItsOwn() {
    SharedOffers pool = new SharedOffers(2);
    int[] one = pool.of(new int[] {1}, 1);
    pool.of(new int[] {2}, 1);
    int[] three = pool.of(new int[] {3}, 1);
    assertArrayEquals(new int[] {3}, three);
    assertNotSame(three, pool.of(new int[] {3}, 1), "beyond its capacity the pool copies");
    assertEquals(2, pool.size());
    assertSame(one, pool.of(new int[] {1}, 1));
  }
}
