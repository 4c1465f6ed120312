package io.cipherwatch.readiness;

import java.util.Arrays;

/**
 * One distinct offer signature of a (trunk, direction) and how many handshakes showed it: the ClientHello
 * offer without GREASE and unassigned codes, the negotiated suite and whether the handshake failed.
 */
public final class OfferCount {
  private final int[] offer;
  private final int chosen;
  private final boolean failed;
  private final int hash;
  private long count;

  /**
   * @param offer the cleaned offer (not kept: its codes are shared through {@link SharedOffers#DEFAULT})
   * @param chosen the negotiated suite, or -1
   * @param failed whether the handshake failed
   * @param count how many handshakes
   */
  public OfferCount(int[] offer, int chosen, boolean failed, long count) {
    this(offer, offer.length, chosen, failed, count);
  }

  OfferCount(int[] offer, int length, int chosen, boolean failed, long count) {
    this.offer = SharedOffers.DEFAULT.of(offer, length);
    this.chosen = failed ? -1 : chosen;
    this.failed = failed;
    this.count = count;
    this.hash = hash(offer, length, this.chosen, failed);
  }

  static int hash(int[] offer, int length, int chosen, boolean failed) {
    int h = failed ? 1 : 0;
    h = h * 31 + chosen;
    for (int i = 0; i < length; i++) {
      h = h * 31 + offer[i];
    }
    return h;
  }

  /** Whether this is the signature of the given handshake ({@code hash} from {@link #hash}). */
  boolean matches(int h, int[] offer, int length, int chosen, boolean failed) {
    if (h != hash || failed != this.failed || (!failed && chosen != this.chosen) || length != this.offer.length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (offer[i] != this.offer[i]) {
        return false;
      }
    }
    return true;
  }

  private OfferCount(OfferCount o) {
    this.offer = o.offer;
    this.chosen = o.chosen;
    this.failed = o.failed;
    this.count = o.count;
    this.hash = o.hash;
  }

  /** A new signature count equal to this one, sharing its (already shared) offer: no look-up, no rehash. */
  OfferCount copy() {
    return new OfferCount(this);
  }

  boolean sameSignature(OfferCount o) {
    return o.matches(hash, offer, offer.length, chosen, failed);
  }

  /** The cleaned offer, in the client's priority order (a copy). */
  public int[] offer() {
    return offer.clone();
  }

  int offerLength() {
    return offer.length;
  }

  int offerAt(int i) {
    return offer[i];
  }

  /** The negotiated suite, or -1 when the handshake failed or none was recorded. */
  public int chosen() {
    return chosen;
  }

  public boolean failed() {
    return failed;
  }

  public long count() {
    return count;
  }

  void add(long n) {
    count += n;
  }

  @Override
  public String toString() {
    return "OfferCount{" + Arrays.toString(offer) + " -> " + (failed ? "FAILED" : chosen) + " x" + count + "}";
  }
}
