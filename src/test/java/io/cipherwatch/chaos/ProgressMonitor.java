package io.cipherwatch.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Samples, a few times a second, the consumer group's committed offsets and the end offsets of every input
 * partition, so the test can tell when the group makes progress again after a fault (samples fail while the broker
 * is down; they are skipped).
 */
final class ProgressMonitor implements AutoCloseable {
  /** One observation: wall-clock time, committed and end offset per partition (-1 = none committed). */
  record Sample(long at, long[] committed, long[] end) {
    long lag() {
      long lag = 0;
      for (int p = 0; p < end.length; p++) {
        lag += end[p] - Math.max(0, committed[p]);
      }
      return lag;
    }
  }

  private final Admin admin;
  private final String group;
  private final List<TopicPartition> partitions = new ArrayList<>();
  private final List<Sample> samples = new ArrayList<>();
  private final Thread thread;
  private volatile boolean stop;

  ProgressMonitor(Map<String, Object> adminConfig, String group, String topic, int partitionCount) {
    Map<String, Object> cfg = new HashMap<>(adminConfig);
    cfg.put("default.api.timeout.ms", 2000);
    cfg.put("request.timeout.ms", 1500);
    this.admin = Admin.create(cfg);
    this.group = group;
    for (int p = 0; p < partitionCount; p++) {
      partitions.add(new TopicPartition(topic, p));
    }
    thread = new Thread(this::loop, "chaos-progress-monitor");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    while (!stop) {
      long at = System.currentTimeMillis();
      try {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata().get(2, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(2, TimeUnit.SECONDS);
        long[] c = new long[partitions.size()];
        long[] e = new long[partitions.size()];
        for (int p = 0; p < c.length; p++) {
          OffsetAndMetadata o = committed.get(partitions.get(p));
          c[p] = o == null ? -1 : o.offset();
          e[p] = ends.get(partitions.get(p)).offset();
        }
        synchronized (samples) {
          samples.add(new Sample(at, c, e));
        }
      } catch (Exception unavailable) {
        // broker restarting: no sample
      }
      sleep(250);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  List<Sample> samples() {
    synchronized (samples) {
      return new ArrayList<>(samples);
    }
  }

  Sample latest() {
    List<Sample> all = samples();
    return all.isEmpty() ? null : all.get(all.size() - 1);
  }

  /** The last sample at or before {@code t}. */
  Sample before(long t) {
    Sample last = null;
    for (Sample s : samples()) {
      if (s.at() > t) {
        break;
      }
      last = s;
    }
    return last;
  }

  /**
   * Waits until every partition's committed offset has passed its value at {@code since} (the whole group is
   * making progress again); returns when that was first observed, or -1 after the timeout.
   */
  long awaitResumed(long since, Duration timeout) {
    Sample base = before(since);
    long deadline = System.currentTimeMillis() + timeout.toMillis();
    while (System.currentTimeMillis() < deadline) {
      for (Sample s : samples()) {
        if (s.at() > since && passed(base, s)) {
          return s.at();
        }
      }
      sleep(250);
    }
    return -1;
  }

  private static boolean passed(Sample base, Sample s) {
    for (int p = 0; p < s.committed().length; p++) {
      if (s.committed()[p] <= (base == null ? -1 : base.committed()[p])) {
        return false;
      }
    }
    return true;
  }

  /**
   * Waits until every partition's committed offset is past the given offset (-1: no condition on that partition);
   * returns when that was first observed, or -1 after the timeout.
   */
  long awaitCommittedPast(java.util.concurrent.atomic.AtomicLongArray offsets, Duration timeout) {
    long deadline = System.currentTimeMillis() + timeout.toMillis();
    while (System.currentTimeMillis() < deadline) {
      Sample s = latest();
      boolean past = s != null;
      for (int p = 0; past && p < offsets.length(); p++) {
        past = offsets.get(p) < 0 || s.committed()[p] > offsets.get(p);
      }
      if (past) {
        return s.at();
      }
      sleep(250);
    }
    return -1;
  }

  /** Median total lag in the {@code window} before {@code t}. */
  long baselineLag(long t, Duration window) {
    List<Long> lags = new ArrayList<>();
    for (Sample s : samples()) {
      if (s.at() <= t && s.at() > t - window.toMillis()) {
        lags.add(s.lag());
      }
    }
    if (lags.isEmpty()) {
      return 0;
    }
    lags.sort(null);
    return lags.get(lags.size() / 2);
  }

  /**
   * Waits until every partition's committed offset equals its end offset; false when the lag has not shrunk for
   * {@code stall}, or after {@code max}.
   */
  boolean awaitCaughtUp(long after, Duration stall, Duration max) {
    long deadline = System.currentTimeMillis() + max.toMillis();
    long bestLag = Long.MAX_VALUE;
    long bestAt = System.currentTimeMillis();
    while (System.currentTimeMillis() < deadline) {
      Sample s = latest();
      if (s != null && s.at() > after) {
        if (s.lag() == 0) {
          return true;
        }
        if (s.lag() < bestLag) {
          bestLag = s.lag();
          bestAt = s.at();
        }
      }
      if (System.currentTimeMillis() - bestAt > stall.toMillis()) {
        return false;
      }
      sleep(250);
    }
    return false;
  }

  @Override
  public void close() {
    stop = true;
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    admin.close(Duration.ofSeconds(2));
  }
}
