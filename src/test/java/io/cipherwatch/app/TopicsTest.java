package io.cipherwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

/** A topic the broker does not know yet is looked at again; any other failure, or the deadline, ends the wait. */
class TopicsTest {
  static final ExecutionException UNKNOWN = new ExecutionException(new UnknownTopicOrPartitionException("not yet"));

  @Test
  void aTopicNotYetKnownIsLookedAtAgainUntilItIs() throws Exception {
    AtomicInteger looks = new AtomicInteger();
    int partitions = Topics.untilKnown(() -> {
      if (looks.incrementAndGet() < 3) {
        throw UNKNOWN;
      }
      return 4;
    }, System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
    assertEquals(4, partitions);
    assertEquals(3, looks.get());
  }

  @Test
  void otherFailuresAndTheDeadlineEndTheWait() {
    AtomicInteger looks = new AtomicInteger();
    ExecutionException denied = assertThrows(ExecutionException.class, () -> Topics.untilKnown(() -> {
      looks.incrementAndGet();
      throw new ExecutionException(new TopicAuthorizationException("denied"));
    }, System.nanoTime() + TimeUnit.SECONDS.toNanos(10)));
    assertInstanceOf(TopicAuthorizationException.class, denied.getCause());
    assertEquals(1, looks.get(), "not retried");

    ExecutionException late = assertThrows(ExecutionException.class, () -> Topics.untilKnown(() -> {
      throw UNKNOWN;
    }, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300)));
    assertInstanceOf(UnknownTopicOrPartitionException.class, late.getCause());
  }
}
