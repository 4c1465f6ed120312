package io.cipherwatch.replay;

import io.cipherwatch.avro.HandshakeEvent;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Reads an events file on a thread of its own: each non-blank line parsed ({@link JsonInput#event}) and encoded
 * for the topology's input, so that parsing overlaps with the work the events feed (on another core). Lines are
 * handed over in batches, in file order, through a bounded queue: a consumer that falls behind slows the reader
 * down instead of filling the heap. A failure to read or encode is thrown by {@link #next}. Used by one thread.
 */
final class BackgroundEvents implements Closeable {
  private static final int BATCH = 256;
  private static final int QUEUED_BATCHES = 16;
  private static final List<Line> END = List.of();

  /**
   * One non-blank line: its number (from 1) and either the event's key, value and timestamp, or why it was
   * rejected.
   */
  record Line(long number, byte[] key, byte[] value, long timestamp, InputException rejected) {}

  private final BlockingQueue<List<Line>> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
  private final Thread thread;
  private volatile Exception failure;
  private volatile long lines;
  private volatile boolean stopped;
  private Iterator<Line> batch = END.iterator();
  private boolean ended;

  /**
   * Starts reading.
   *
   * @param file the UTF-8 JSON-lines file
   * @param encode an event's value bytes for the topology (called on the reader's thread only)
   */
  BackgroundEvents(Path file, Function<HandshakeEvent, byte[]> encode, String threadName) {
    thread = new Thread(() -> read(file, encode), threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /** The next non-blank line, or null after the last one. */
  Line next() throws IOException {
    while (!batch.hasNext()) {
      if (ended) {
        return null;
      }
      List<Line> b = take();
      if (b == END) {
        ended = true;
        throwIfFailed();
        return null;
      }
      batch = b.iterator();
    }
    return batch.next();
  }

  /** Lines in the file, blank ones included (known once {@link #next} returned null). */
  long lines() {
    return lines;
  }

  /** Stops the reader (if it has not ended) and waits for it. */
  @Override
  public void close() {
    stopped = true;
    queue.clear(); // a reader waiting for room sees the stop within its next wait
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join(100);
      } catch (InterruptedException e) {
        interrupted = true;
      }
      queue.clear();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private List<Line> take() throws IOException {
    try {
      while (true) {
        List<Line> b = queue.poll(100, TimeUnit.MILLISECONDS);
        if (b != null) {
          return b;
        }
        if (!thread.isAlive() && queue.isEmpty()) {
          throwIfFailed();
          throw new IOException("the events reader thread stopped unexpectedly (its error is on standard error)");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading events");
    }
  }

  private void throwIfFailed() throws IOException {
    Exception f = failure;
    if (f instanceof IOException io) {
      throw io;
    }
    if (f instanceof RuntimeException r) {
      throw r;
    }
  }

  private void read(Path file, Function<HandshakeEvent, byte[]> encode) {
    JsonInput json = new JsonInput();
    List<Line> b = new ArrayList<>(BATCH);
    try {
      long n = JsonInput.forEachLine(file, (text, number) -> {
        if (b.size() == BATCH) {
          hand(new ArrayList<>(b));
          b.clear();
        }
        Line line;
        try {
          HandshakeEvent e = json.event(text, number);
          line = new Line(number, e.getTrunkId().getBytes(StandardCharsets.UTF_8), encode.apply(e),
              e.getTimestamp().toEpochMilli(), null);
        } catch (InputException ex) {
          line = new Line(number, null, null, 0, ex);
        }
        b.add(line);
      });
      if (!b.isEmpty()) {
        hand(b);
      }
      lines = n;
    } catch (IOException | RuntimeException e) {
      failure = e instanceof UncheckedIOException u ? u.getCause() : e;
    } finally {
      try {
        hand(END);
      } catch (IOException e) {
        // stopped: nobody takes the end mark
      }
    }
  }

  /** Queues a batch, waiting for room; gives up once the consumer has stopped. */
  private void hand(List<Line> b) throws IOException {
    try {
      do {
        if (stopped) {
          throw new InterruptedIOException("the events reader was stopped");
        }
      } while (!queue.offer(b, 100, TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("the events reader was interrupted");
    }
  }
}
