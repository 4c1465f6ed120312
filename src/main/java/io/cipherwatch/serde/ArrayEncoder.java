package io.cipherwatch.serde;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.avro.io.BinaryData;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.util.Utf8;

/**
 * An Avro binary encoder writing straight into its own growable array (no stream in between), for one thread.
 * Writes exactly the bytes Avro's own binary encoders write. Strings seen again by identity (catalog names,
 * decoded metadata, a trunk's id: the same instances row after row) are written from a small cache of their
 * UTF-8 bytes instead of being encoded again.
 */
final class ArrayEncoder extends BinaryEncoder {
  private static final int STRING_SLOTS = 1024;
  /** Strings longer than this are encoded every time (not worth a slot). */
  private static final int MAX_CACHED_CHARS = 256;

  private byte[] buf;
  private int count;
  private final String[] cachedStrings = new String[STRING_SLOTS];
  private final byte[][] cachedBytes = new byte[STRING_SLOTS][];

  ArrayEncoder(int initialCapacity) {
    buf = new byte[initialCapacity];
  }

  /** Starts a new output after {@code prefix}, which is copied to its start. */
  void start(byte[] prefix) {
    ensure(prefix.length);
    System.arraycopy(prefix, 0, buf, 0, prefix.length);
    count = prefix.length;
  }

  /** What has been written since {@link #start}, prefix included. */
  byte[] toByteArray() {
    return Arrays.copyOf(buf, count);
  }

  /** The size of the buffer kept for the next output. */
  int capacity() {
    return buf.length;
  }

  private void ensure(int n) {
    if (count + n > buf.length) {
      long wanted = Math.max((long) buf.length * 2, (long) count + n);
      if (wanted > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("Avro record larger than 2 GiB");
      }
      buf = Arrays.copyOf(buf, (int) wanted);
    }
  }

  @Override
  public void writeBoolean(boolean b) {
    ensure(1);
    buf[count++] = (byte) (b ? 1 : 0);
  }

  @Override
  public void writeInt(int n) {
    ensure(5);
    count += BinaryData.encodeInt(n, buf, count);
  }

  @Override
  public void writeLong(long n) {
    ensure(10);
    count += BinaryData.encodeLong(n, buf, count);
  }

  @Override
  public void writeFloat(float f) {
    ensure(4);
    count += BinaryData.encodeFloat(f, buf, count);
  }

  @Override
  public void writeDouble(double d) {
    ensure(8);
    count += BinaryData.encodeDouble(d, buf, count);
  }

  @Override
  public void writeFixed(byte[] bytes, int start, int len) {
    ensure(len);
    System.arraycopy(bytes, start, buf, count, len);
    count += len;
  }

  @Override
  protected void writeZero() {
    ensure(1);
    buf[count++] = 0;
  }

  @Override
  public void writeString(String s) {
    if (s.isEmpty()) {
      writeZero();
      return;
    }
    byte[] utf8;
    if (s.length() <= MAX_CACHED_CHARS) {
      int slot = System.identityHashCode(s) & (STRING_SLOTS - 1);
      if (cachedStrings[slot] == s) {
        utf8 = cachedBytes[slot];
      } else {
        utf8 = s.getBytes(StandardCharsets.UTF_8);
        cachedStrings[slot] = s;
        cachedBytes[slot] = utf8;
      }
    } else {
      utf8 = s.getBytes(StandardCharsets.UTF_8);
    }
    writeInt(utf8.length);
    writeFixed(utf8, 0, utf8.length);
  }

  @Override
  public void writeString(CharSequence cs) throws IOException {
    if (cs instanceof String s) {
      writeString(s);
    } else if (cs instanceof Utf8 u) {
      writeString(u);
    } else {
      writeString(cs.toString());
    }
  }

  @Override
  public int bytesBuffered() {
    return 0;
  }

  @Override
  public void flush() {
    // nothing is buffered outside the array
  }
}
