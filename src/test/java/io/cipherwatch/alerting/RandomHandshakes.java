package io.cipherwatch.alerting;

import io.cipherwatch.policy.Classification;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random handshake sequences that wander through regimes (clean, deprecated, prefers,
 * failing, mixed) with time steps from milliseconds to hours, so every alert type opens and
 * resolves often.
 */
final class RandomHandshakes {
  /** One generated handshake. */
  record Hs(long t, Classification cls, String eventId, int chosen, int[] offer) {
    boolean deprecated() {
      return Harness.deprecated(cls);
    }

    void applyTo(AlertEngine engine, String trunk, String direction, AlertState state,
        List<Transition> out) {
      engine.onHandshake(trunk, direction, state, t, cls, deprecated(), eventId, chosen, offer,
          out);
    }
  }

  private static final Classification[] ALL = Classification.values();
  private static final String[] ID_ALPHABET = {"a", "b", "7", "-", "é", "漢", "🙂"};

  private RandomHandshakes() {}

  /**
   * A sequence of {@code length} handshakes from {@code start}.
   *
   * @param alignTo if positive, every timestamp is a multiple of it
   * @param lateShare share of handshakes whose timestamp goes back (0 for non-decreasing)
   */
  static List<Hs> sequence(Random r, int length, long start, long alignTo, double lateShare) {
    List<Hs> out = new ArrayList<>(length);
    long now = start;
    int regime = r.nextInt(5);
    for (int i = 0; i < length; i++) {
      if (r.nextInt(12) == 0) {
        regime = r.nextInt(5);
      }
      long step = switch (r.nextInt(10)) {
        case 0 -> 0;
        case 1, 2, 3 -> r.nextInt(120_000);
        case 4, 5, 6 -> r.nextInt(20 * 60_000);
        case 7, 8 -> 30 * 60_000 + r.nextInt(60 * 60_000);
        default -> r.nextInt(3 * 3_600_000);
      };
      now += step;
      long t = now;
      if (r.nextDouble() < lateShare) {
        t -= r.nextInt(90 * 60_000);
      }
      if (alignTo > 0) {
        t = Math.floorDiv(t, alignTo) * alignTo;
      }
      Classification cls = classify(r, regime);
      out.add(new Hs(t, cls, eventId(r, i), chosen(r, cls), offer(r)));
    }
    return out;
  }

  private static Classification classify(Random r, int regime) {
    int roll = r.nextInt(10);
    return switch (regime) {
      case 0 -> roll < 8 ? Classification.CLEAN : roll < 9
          ? Classification.OFFERS_DEPRECATED : Classification.FAILED;
      case 1 -> roll < 8 ? Classification.DEPRECATED_ONLY : Classification.CLEAN;
      case 2 -> roll < 7 ? Classification.PREFERS_DEPRECATED : roll < 9
          ? Classification.OFFERS_DEPRECATED : Classification.DEPRECATED_ONLY;
      case 3 -> roll < 5 ? Classification.FAILED : Classification.CLEAN;
      default -> ALL[r.nextInt(ALL.length)];
    };
  }

  private static String eventId(Random r, int i) {
    StringBuilder sb = new StringBuilder("ev").append(i).append('-');
    for (int k = r.nextInt(6); k > 0; k--) {
      sb.append(ID_ALPHABET[r.nextInt(ID_ALPHABET.length)]);
    }
    return sb.toString();
  }

  private static int chosen(Random r, Classification cls) {
    if (cls == Classification.FAILED) {
      return -1;
    }
    return Harness.deprecated(cls) ? (r.nextBoolean() ? 0xC028 : 0x003D) : r.nextInt(0x10000);
  }

  private static int[] offer(Random r) {
    int[] offer = new int[r.nextInt(9)];
    for (int i = 0; i < offer.length; i++) {
      offer[i] = r.nextInt(20) == 0 ? r.nextInt() : r.nextInt(0x10000);
    }
    return offer;
  }

  /** One of a few setting shapes, including tight thresholds and coarse buckets. */
  static AlertSettings settings(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> AlertSettings.defaults();
      case 1 -> new AlertSettings(30 * 60_000, 2 * 3_600_000, 3_600_000, 1, 0.2, 12);
      case 2 -> new AlertSettings(3_600_000, 20 * 60_000, 10 * 60_000, 2, 0.5, 10);
      default -> new AlertSettings(2 * 3_600_000, 3_600_000, 2 * 3_600_000, 5, 0.05, 120);
    };
  }
}
