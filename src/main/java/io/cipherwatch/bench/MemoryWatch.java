package io.cipherwatch.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Tracks the process's memory per bench phase: peak used heap (sampled every 10 ms), peak heap left after a
 * garbage collection (the live set, from GC notifications) and peak resident set size ({@code VmHWM} of
 * {@code /proc/self/status}, reset between phases through {@code /proc/self/clear_refs} where the kernel allows).
 */
final class MemoryWatch implements AutoCloseable {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final AtomicLong peakHeap = new AtomicLong();
  private final AtomicLong peakAfterGc = new AtomicLong();
  private final List<Runnable> unsubscribe = new ArrayList<>();
  private final Set<String> heapPools = new HashSet<>();
  private final Thread sampler;
  private volatile boolean running = true;
  private boolean rssResettable = true;

  /** One phase's peaks; {@code rssBytes} is -1 where /proc is not readable. */
  record Peaks(long heapBytes, long heapAfterGcBytes, long rssBytes) {}

  MemoryWatch() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPools.add(pool.getName());
      }
    }
    NotificationListener listener = this::onGc;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        unsubscribe.add(() -> {
          try {
            emitter.removeNotificationListener(listener);
          } catch (javax.management.ListenerNotFoundException ignored) {
            // already gone
          }
        });
      }
    }
    sampler = new Thread(this::sample, "bench-memory-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  private void onGc(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    long used = 0;
    for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(e.getKey())) {
        used += e.getValue().getUsed();
      }
    }
    peakAfterGc.accumulateAndGet(used, Math::max);
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
        peakAfterGc.getAndSet(0), statusBytes("VmHWM:"));
    if (rssResettable) {
      try {
        Files.writeString(CLEAR_REFS, "5", StandardCharsets.US_ASCII);
      } catch (IOException | RuntimeException e) {
        rssResettable = false;
      }
    }
    return p;
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
    unsubscribe.forEach(Runnable::run);
  }
}
