package io.cipherwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThreadFailuresTest {
  @Test
  void pausesDoubleUpToTheCapThenGiveUpAndRecoverAfterTheWindow() {
    AtomicLong now = new AtomicLong(1_000_000);
    ThreadFailures f = new ThreadFailures(now::get);
    long[] expected = {1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000, 30000};
    for (long e : expected) {
      assertEquals(e, f.onFailure());
      now.addAndGet(1000);
    }
    assertEquals(-1, f.onFailure(), "the 11th failure within ten minutes stops the instance");
    now.addAndGet(ThreadFailures.WINDOW_MS);
    assertEquals(1000, f.onFailure(), "failures older than the window are forgotten");
  }
}
