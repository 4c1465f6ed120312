package io.cipherwatch.capture.pcap;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A sliding window over an input stream: callers ask for {@code n} bytes at the current position and read them
 * in place from {@link #buffer()}; the window compacts and grows (up to the caller's checked size) as needed.
 */
final class ByteWindow {
  private final InputStream in;
  private byte[] buf;
  private int pos;
  private int limit;
  private long consumed;
  private boolean eof;

  ByteWindow(InputStream in, int initialSize) {
    this.in = in;
    this.buf = new byte[initialSize];
  }

  /** Makes {@code n} bytes available at {@link #position()}; false when the stream ends first. */
  boolean ensure(int n) throws IOException {
    if (limit - pos >= n) {
      return true;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    if (n > buf.length) {
      byte[] bigger = new byte[(int) Math.min(Integer.MAX_VALUE - 8, Math.max((long) n, buf.length * 2L))];
      System.arraycopy(buf, 0, bigger, 0, limit);
      buf = bigger;
    }
    while (limit < n && !eof) {
      int r;
      try {
        r = in.read(buf, limit, buf.length - limit);
      } catch (EOFException e) {
        r = -1; // a truncated gzip stream
      }
      if (r < 0) {
        eof = true;
      } else {
        limit += r;
      }
    }
    return limit - pos >= n;
  }

  byte[] buffer() {
    return buf;
  }

  int position() {
    return pos;
  }

  /** Moves past {@code n} bytes already made available. */
  void skip(int n) {
    pos += n;
    consumed += n;
  }

  /** Offset of {@link #position()} from the start of the (uncompressed) stream. */
  long offset() {
    return consumed;
  }

  /** True when no byte is left. */
  boolean atEnd() throws IOException {
    return !ensure(1);
  }
}
