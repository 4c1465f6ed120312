package io.cipherwatch.readiness;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One array per distinct cleaned offer, shared by the signatures of every (trunk, direction): clients of one kind
 * send the same offer, so a fleet shows a few hundred distinct offers across all its pairs. Holds at most
 * {@code capacity} offers; once full, further offers are copied as they come (never evicted, so a shared array
 * is never replaced while in use). The arrays are never written after they are shared.
 */
final class SharedOffers {
  /** The pool used by {@link OfferCount}: distinct offers beyond this many are not shared. */
  static final SharedOffers DEFAULT = new SharedOffers(4096);

  private final int capacity;
  private final ConcurrentHashMap<Key, int[]> offers = new ConcurrentHashMap<>();

  SharedOffers(int capacity) {
    this.capacity = capacity;
  }

  /** An array holding {@code offer[0..length)}: the shared one when known, else a copy (shared if room is left). */
  int[] of(int[] offer, int length) {
    int[] known = offers.get(new Key(offer, length));
    if (known != null) {
      return known;
    }
    int[] copy = Arrays.copyOf(offer, length);
    if (offers.size() >= capacity) {
      return copy;
    }
    known = offers.putIfAbsent(new Key(copy, length), copy);
    return known != null ? known : copy;
  }

  /** Distinct offers shared so far. */
  int size() {
    return offers.size();
  }

  /** The first {@code length} codes of an array, compared by content. */
  private static final class Key {
    private final int[] codes;
    private final int length;
    private final int hash;

    Key(int[] codes, int length) {
      this.codes = codes;
      this.length = length;
      int h = 1;
      for (int i = 0; i < length; i++) {
        h = 31 * h + codes[i];
      }
      this.hash = h;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.hash == hash && Arrays.equals(codes, 0, length, k.codes, 0, k.length);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
