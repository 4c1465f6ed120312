package io.cipherwatch.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

/** {@link ArrayEncoder} writes the same bytes as Avro's own binary encoder, whatever it is given. */
class ArrayEncoderTest {
  private static final byte[] PREFIX = {0, 0, 0, 0, 42};

  @Test
  void randomSequencesEncodeLikeAvro() throws IOException {
    Random random = new Random(7);
    // a pool of strings reused by identity (the cache's case), equal copies and fresh ones
    List<String> pool = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      pool.add(randomString(random, i % 50 == 0 ? 300 : 12));
    }
    ArrayEncoder ours = new ArrayEncoder(8);
    for (int round = 0; round < 300; round++) {
      ByteArrayOutputStream reference = new ByteArrayOutputStream();
      BinaryEncoder avro = EncoderFactory.get().directBinaryEncoder(reference, null);
      reference.write(PREFIX);
      ours.start(PREFIX);
      int ops = random.nextInt(200);
      for (int i = 0; i < ops; i++) {
        switch (random.nextInt(12)) {
          case 0 -> {
            boolean b = random.nextBoolean();
            avro.writeBoolean(b);
            ours.writeBoolean(b);
          }
          case 1 -> {
            int n = random.nextBoolean() ? random.nextInt() : random.nextInt(200) - 100;
            avro.writeInt(n);
            ours.writeInt(n);
          }
          case 2 -> {
            long n = random.nextBoolean() ? random.nextLong() : random.nextInt(1000);
            avro.writeLong(n);
            ours.writeLong(n);
          }
          case 3 -> {
            float f = random.nextFloat() * 1e6f;
            avro.writeFloat(f);
            ours.writeFloat(f);
          }
          case 4 -> {
            double d = random.nextBoolean() ? random.nextDouble() : Double.NaN;
            avro.writeDouble(d);
            ours.writeDouble(d);
          }
          case 5, 6 -> {
            String s = pool.get(random.nextInt(pool.size()));
            avro.writeString(s);
            ours.writeString(s);
          }
          case 7 -> {
            String copy = new String(pool.get(random.nextInt(pool.size())).toCharArray());
            avro.writeString(copy);
            ours.writeString((CharSequence) copy);
          }
          case 8 -> {
            Utf8 u = new Utf8(pool.get(random.nextInt(pool.size())));
            avro.writeString(u);
            ours.writeString((CharSequence) u);
          }
          case 9 -> {
            StringBuilder sb = new StringBuilder(randomString(random, 5));
            avro.writeString(sb);
            ours.writeString(sb);
          }
          case 10 -> {
            byte[] b = new byte[random.nextInt(40)];
            random.nextBytes(b);
            avro.writeBytes(b, 0, b.length);
            ours.writeBytes(b, 0, b.length);
            avro.writeFixed(b);
            ours.writeFixed(b);
          }
          default -> {
            avro.writeString("");
            ours.writeString("");
            avro.writeNull();
            ours.writeNull();
            int e = random.nextInt(40);
            avro.writeEnum(e);
            ours.writeEnum(e);
            avro.writeArrayStart();
            ours.writeArrayStart();
            avro.setItemCount(1);
            ours.setItemCount(1);
            avro.startItem();
            ours.startItem();
            avro.writeIndex(1);
            ours.writeIndex(1);
            avro.writeArrayEnd();
            ours.writeArrayEnd();
          }
        }
      }
      avro.flush();
      ours.flush();
      assertArrayEquals(reference.toByteArray(), ours.toByteArray(), "round " + round);
    }
  }

  private static String randomString(Random random, int maxLength) {
    StringBuilder sb = new StringBuilder();
    int n = random.nextInt(maxLength + 1);
    for (int i = 0; i < n; i++) {
      int kind = random.nextInt(10);
      if (kind < 7) {
        sb.append((char) ('a' + random.nextInt(26)));
      } else if (kind < 9) {
        sb.append((char) (0xe0 + random.nextInt(0x1f)));
      } else {
        sb.appendCodePoint(0x1F600 + random.nextInt(40));
      }
    }
    return sb.toString();
  }
}
