package io.cipherwatch.replay;

import io.cipherwatch.json.JsonOutput;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes records to a {@link JsonOutput.Lines} on a thread of its own, in the order given, so that formatting
 * JSON overlaps with the work that makes the records (on another core). Records are handed over in batches
 * through a bounded queue: a writer that falls behind slows the caller down instead of filling the heap. The
 * caller must not change a record after handing it over. A failure to write is thrown by the next {@link
 * #write} or by {@link #close}. Used by one thread.
 */
final class BackgroundLines implements Closeable {
  private static final int BATCH = 512;
  private static final int QUEUED_BATCHES = 16;
  private static final List<SpecificRecord> END = List.of();

  private final JsonOutput.Lines lines;
  private final BlockingQueue<List<SpecificRecord>> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
  private final Thread thread;
  private volatile IOException failure;
  private List<SpecificRecord> batch = new ArrayList<>(BATCH);
  private boolean closed;

  BackgroundLines(JsonOutput.Lines lines, String threadName) {
    this.lines = lines;
    thread = new Thread(this::drain, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues the record to be written. */
  void write(SpecificRecord r) throws IOException {
    batch.add(r);
    if (batch.size() == BATCH) {
      hand(batch);
      batch = new ArrayList<>(BATCH);
    }
  }

  /** Writes what is queued, stops the thread and closes the lines (not their stream). */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (!batch.isEmpty() && failure == null) {
        hand(batch);
      }
    } finally {
      batch = null;
      try {
        // a writer that failed has stopped by itself; one that works takes the end mark after what is queued
        while (thread.isAlive() && !queue.offer(END, 100, TimeUnit.MILLISECONDS)) {
          // the queue is full: the writer is still busy
        }
      } catch (InterruptedException e) {
        thread.interrupt();
        Thread.currentThread().interrupt();
      }
      join();
      lines.close();
    }
    throwIfFailed();
  }

  private void hand(List<SpecificRecord> b) throws IOException {
    throwIfFailed();
    try {
      while (!queue.offer(b, 100, TimeUnit.MILLISECONDS)) {
        throwIfFailed();
        if (!thread.isAlive()) {
          throw new IOException("the JSON writer thread stopped unexpectedly (its error is on standard error)");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while handing rows to the writer");
    }
  }

  private void throwIfFailed() throws IOException {
    IOException f = failure;
    if (f != null) {
      throw new IOException("writing JSON lines failed: " + f.getMessage(), f);
    }
  }

  private void join() {
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void drain() {
    try {
      while (true) {
        List<SpecificRecord> b = queue.take();
        if (b == END) {
          lines.flush();
          return;
        }
        for (SpecificRecord r : b) {
          lines.write(r);
        }
      }
    } catch (IOException e) {
      failure = e;
    } catch (InterruptedException e) {
      failure = new InterruptedIOException("the JSON writer was interrupted");
    } catch (RuntimeException e) {
      failure = new IOException(e.getMessage(), e);
    }
  }
}
