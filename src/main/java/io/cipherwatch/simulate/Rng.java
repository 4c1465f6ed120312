package io.cipherwatch.simulate;

import java.util.UUID;

/**
 * SplitMix64 pseudo-random generator. Written out here (rather than using {@link java.util.Random} or
 * {@link java.util.SplittableRandom}) so that a seed yields the same stream on every JDK.
 */
final class Rng {

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  Rng(long seed) {
    this.state = seed;
  }

  /** The SplitMix64 finalizer: a bijective 64-bit mix. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A version-4-format UUID string derived from two 64-bit values. */
  static String uuid(long a, long b) {
    long msb = (mix(a) & ~0xF000L) | 0x4000L;
    long lsb = (mix(b ^ GOLDEN_GAMMA) & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  long nextLong() {
    return mix(state += GOLDEN_GAMMA);
  }

  /** Uniform in [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound), bound > 0. */
  int nextInt(int bound) {
    return (int) (((nextLong() >>> 32) * bound) >>> 32);
  }

  /** A fresh UUID string from this stream. */
  String nextUuid() {
    return uuid(nextLong(), nextLong());
  }
}
