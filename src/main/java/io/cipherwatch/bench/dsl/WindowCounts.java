package io.cipherwatch.bench.dsl;

import io.cipherwatch.policy.Classification;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The DSL peer's aggregate: one trunk's handshake counts in one window, by direction, by classification and by
 * negotiated suite. Serialized compactly (fixed-width longs), as a team tuning its state size would.
 */
public final class WindowCounts {
  static final int DIRECTIONS = 2;
  static final int CLASSES = Classification.values().length;

  final long[][] byClass = new long[DIRECTIONS][CLASSES];
  int[][] codes = {new int[4], new int[4]};
  long[][] codeCounts = {new long[4], new long[4]};
  final int[] ciphers = new int[DIRECTIONS];

  /** Counts one classified handshake; returns this aggregate. */
  public WindowCounts add(Classified h) {
    int d = h.direction();
    byClass[d][h.classification().ordinal()]++;
    if (h.chosen() >= 0) {
      addCipher(d, h.chosen(), 1);
    }
    return this;
  }

  private void addCipher(int d, int code, long n) {
    for (int i = 0; i < ciphers[d]; i++) {
      if (codes[d][i] == code) {
        codeCounts[d][i] += n;
        return;
      }
    }
    if (ciphers[d] == codes[d].length) {
      codes[d] = Arrays.copyOf(codes[d], ciphers[d] * 2);
      codeCounts[d] = Arrays.copyOf(codeCounts[d], ciphers[d] * 2);
    }
    codes[d][ciphers[d]] = code;
    codeCounts[d][ciphers[d]++] = n;
  }

  /** All handshakes counted in a direction (0 inbound, 1 outbound). */
  long handshakes(int d) {
    long n = 0;
    for (long c : byClass[d]) {
      n += c;
    }
    return n;
  }

  long count(int d, Classification c) {
    return byClass[d][c.ordinal()];
  }

  /** The serde of the aggregate's store and changelog. */
  public static Serde<WindowCounts> serde() {
    Serializer<WindowCounts> ser = (topic, w) -> w == null ? null : w.encode();
    Deserializer<WindowCounts> de = (topic, b) -> b == null ? null : decode(b);
    return Serdes.serdeFrom(ser, de);
  }

  byte[] encode() {
    int size = 0;
    for (int d = 0; d < DIRECTIONS; d++) {
      size += CLASSES * 8 + 4 + ciphers[d] * 12;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    for (int d = 0; d < DIRECTIONS; d++) {
      for (long c : byClass[d]) {
        b.putLong(c);
      }
      b.putInt(ciphers[d]);
      for (int i = 0; i < ciphers[d]; i++) {
        b.putInt(codes[d][i]).putLong(codeCounts[d][i]);
      }
    }
    return b.array();
  }

  static WindowCounts decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    WindowCounts w = new WindowCounts();
    for (int d = 0; d < DIRECTIONS; d++) {
      for (int i = 0; i < CLASSES; i++) {
        w.byClass[d][i] = b.getLong();
      }
      int n = b.getInt();
      if (n < 0 || n > b.remaining() / 12) {
        throw new IllegalArgumentException("Corrupt window counts: " + n + " suites");
      }
      for (int i = 0; i < n; i++) {
        w.addCipher(d, b.getInt(), b.getLong());
      }
    }
    return w;
  }
}
