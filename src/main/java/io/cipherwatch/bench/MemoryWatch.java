package io.cipherwatch.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tracks the process's memory per bench phase: peak used heap (sampled every 10 ms, garbage included) and peak
 * resident set size ({@code VmHWM} of {@code /proc/self/status}, reset between phases through
 * {@code /proc/self/clear_refs} where the kernel allows); and the live heap on demand (after a full collection).
 */
final class MemoryWatch implements AutoCloseable {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final AtomicLong peakHeap = new AtomicLong();
  private final Thread sampler;
  private volatile boolean running = true;
  private boolean rssResettable = true;

  /** One phase's peaks; {@code rssBytes} is -1 where /proc is not readable. */
  record Peaks(long heapBytes, long rssBytes) {}

  MemoryWatch() {
    sampler = new Thread(this::sample, "bench-memory-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  private void sample() {
    while (running) {
      peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The peaks since the previous call (or since construction), then starts a new phase. */
  Peaks phase() {
    Peaks p = new Peaks(Math.max(peakHeap.getAndSet(0), memory.getHeapMemoryUsage().getUsed()),
        statusBytes("VmHWM:"));
    if (rssResettable) {
      try {
        Files.writeString(CLEAR_REFS, "5", StandardCharsets.US_ASCII);
      } catch (IOException | RuntimeException e) {
        rssResettable = false;
      }
    }
    return p;
  }

  /** Heap in use right after a full collection: what is really retained at this moment. */
  long liveHeap() {
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  /** Whether each phase's RSS peak is its own (otherwise it is the process's peak so far). */
  boolean rssPerPhase() {
    return rssResettable;
  }

  /** A {@code kB} line of /proc/self/status in bytes, or -1. */
  static long statusBytes(String field) {
    try {
      for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
        if (line.startsWith(field)) {
          String v = line.substring(field.length()).trim();
          return Long.parseLong(v.substring(0, v.indexOf(' '))) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }
}
