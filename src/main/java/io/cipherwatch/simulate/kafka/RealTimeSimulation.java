package io.cipherwatch.simulate.kafka;

import io.cipherwatch.simulate.FleetSimulator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Publishes simulated handshakes in real time: event time is the wall clock, at a steady {@code rate} per second,
 * until a count or a duration is reached or {@link #stop()} is called; optionally sends a time tick to every
 * partition at a fixed interval so windows close even on quiet partitions. Runs on the thread that calls
 * {@link #run()}, which never throws: a failure ends the run and is kept in {@link #failure()}. {@link #stop()},
 * {@link #failure()} and {@link #awaitFinished} may be called from any thread.
 */
public final class RealTimeSimulation implements Runnable {
  private static final long MAX_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final FleetSimulator simulator;
  private final SimulationPublisher publisher;
  private final double ratePerSecond;
  private final long maxEvents;
  private final long durationNanos;
  private final long tickEveryNanos;
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean stopped;
  private volatile RuntimeException failure;

  /**
   * @param ratePerSecond handshakes per second, positive
   * @param maxEvents stop after this many handshakes ({@link Long#MAX_VALUE}: no limit)
   * @param durationMillis stop after this long (0: no limit)
   * @param tickEveryMillis interval of time ticks (0: no ticks)
   */
  public RealTimeSimulation(FleetSimulator simulator, SimulationPublisher publisher, double ratePerSecond,
      long maxEvents, long durationMillis, long tickEveryMillis) {
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("rate must be a positive number of handshakes per second, got "
          + ratePerSecond);
    }
    this.simulator = simulator;
    this.publisher = publisher;
    this.ratePerSecond = ratePerSecond;
    this.maxEvents = maxEvents;
    this.durationNanos = TimeUnit.MILLISECONDS.toNanos(durationMillis);
    this.tickEveryNanos = TimeUnit.MILLISECONDS.toNanos(tickEveryMillis);
  }

  @Override
  public void run() {
    try {
      long begin = System.nanoTime();
      long nextTick = begin;
      long sent = 0;
      double nanosPerEvent = 1e9 / ratePerSecond;
      while (!stopped && sent < maxEvents) {
        long now = System.nanoTime();
        long elapsed = now - begin;
        if (durationNanos > 0 && elapsed >= durationNanos) {
          break;
        }
        long due = Math.min(maxEvents, (long) (elapsed / nanosPerEvent) + 1);
        while (sent < due && !stopped) {
          publisher.send(simulator.next(System.currentTimeMillis()));
          sent++;
        }
        if (tickEveryNanos > 0 && now - nextTick >= 0) {
          publisher.tick(System.currentTimeMillis());
          nextTick += tickEveryNanos;
        }
        long untilNext = (long) (sent * nanosPerEvent) - (System.nanoTime() - begin);
        if (tickEveryNanos > 0) {
          untilNext = Math.min(untilNext, nextTick - System.nanoTime());
        }
        if (untilNext > 0) {
          TimeUnit.NANOSECONDS.sleep(Math.min(untilNext, MAX_SLEEP_NANOS));
        }
      }
      publisher.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      finished.countDown();
    }
  }

  /** Asks {@link #run()} to return soon (it flushes what was sent first). */
  public void stop() {
    stopped = true;
  }

  /** Why {@link #run()} stopped early (e.g. the schema registry refused a schema), or null. */
  public RuntimeException failure() {
    return failure;
  }

  /** Waits until {@link #run()} has returned; false on timeout. */
  public boolean awaitFinished(long timeout, TimeUnit unit) throws InterruptedException {
    return finished.await(timeout, unit);
  }
}
