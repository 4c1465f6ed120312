package io.cipherwatch.readiness;

import java.util.Arrays;

/**
 * The rules deciding what removing a candidate set R from the platform's supported set S does to one offer
 * signature:
 * <ul>
 *   <li>a handshake that already failed stays {@link Effect#FAILED};</li>
 *   <li>a negotiated TLS 1.3 suite (0x13xx) is unaffected unless R lists that very suite;</li>
 *   <li>inbound (the remote is the client): with no offered suite in S − R the handshake {@link Effect#BREAKS};
 *       when the first offered suite in S, or the negotiated one, is in R and another offered suite is in
 *       S − R it {@link Effect#CHANGES}; otherwise it is unaffected. An inbound handshake recorded without an
 *       offer whose negotiated suite is in R is {@link Effect#UNVERIFIED};</li>
 *   <li>outbound (the platform is the client): a remote that negotiated a suite in R is
 *       {@link Effect#UNVERIFIED} unless the trunk's latest probe settles it: accepted while offering only
 *       suites of S − R means unaffected, refused while offering all of S − R means it breaks.</li>
 * </ul>
 * Offers reach this class already cleaned of GREASE and unassigned codes (see {@link OfferHistory}).
 */
public final class RemovalImpact {
  private final boolean[] removed = new boolean[0x10000];
  private final boolean[] remaining = new boolean[0x10000];
  private final boolean[] supportedBefore = new boolean[0x10000];
  private final int[] removedCodes;
  private final int[] remainingCodes;

  /**
   * @param supported S, the suites the platform's edges accept
   * @param remove R, the candidate set to remove (codes outside S are allowed and change nothing inbound)
   */
  public RemovalImpact(int[] supported, int[] remove) {
    for (int c : remove) {
      removed[check(c)] = true;
    }
    for (int c : supported) {
      supportedBefore[check(c)] = true;
      if (!removed[c]) {
        remaining[c] = true;
      }
    }
    this.removedCodes = Arrays.stream(remove).distinct().sorted().toArray();
    this.remainingCodes = Arrays.stream(supported).filter(c -> !removed[c]).distinct().sorted().toArray();
  }

  private static int check(int c) {
    if (c < 0 || c > 0xFFFF) {
      throw new IllegalArgumentException("Cipher suite code " + c + " is outside 0..0xFFFF");
    }
    return c;
  }

  /** R, sorted. */
  public int[] removedCodes() {
    return removedCodes.clone();
  }

  /** S − R, sorted: what the platform would still accept or offer. */
  public int[] remainingCodes() {
    return remainingCodes.clone();
  }

  public boolean isRemoved(int code) {
    return code >= 0 && code <= 0xFFFF && removed[code];
  }

  /** Whether a negotiated suite is a TLS 1.3 one (0x13xx). */
  static boolean isTls13(int code) {
    return (code & 0xFF00) == 0x1300;
  }

  /**
   * The effect on one signature.
   *
   * @param inbound whether the remote was the TLS client
   * @param probe the trunk's latest probe, or null
   */
  public Effect effect(OfferCount o, boolean inbound, ProbeResult probe) {
    if (o.failed()) {
      return Effect.FAILED;
    }
    int chosen = o.chosen();
    boolean chosenRemoved = isRemoved(chosen);
    if (isTls13(chosen) && !chosenRemoved) {
      return Effect.UNAFFECTED;
    }
    return inbound ? inbound(o, chosenRemoved) : outbound(chosenRemoved, probe);
  }

  private Effect inbound(OfferCount o, boolean chosenRemoved) {
    int n = o.offerLength();
    if (n == 0) {
      return chosenRemoved ? Effect.UNVERIFIED : Effect.UNAFFECTED;
    }
    boolean alternative = false;
    boolean firstSupportedRemoved = false;
    boolean seenSupported = false;
    for (int i = 0; i < n; i++) {
      int c = o.offerAt(i);
      if (remaining[c]) {
        alternative = true;
        seenSupported = true;
      } else if (removed[c] && !seenSupported && isSupportedBefore(c)) {
        firstSupportedRemoved = true;
        seenSupported = true;
      }
    }
    if (!alternative) {
      return Effect.BREAKS;
    }
    return firstSupportedRemoved || chosenRemoved ? Effect.CHANGES : Effect.UNAFFECTED;
  }

  /** Whether a removed code was part of S (a removed code the platform never accepted changes nothing). */
  private boolean isSupportedBefore(int c) {
    return supportedBefore[c];
  }

  private Effect outbound(boolean chosenRemoved, ProbeResult probe) {
    if (!chosenRemoved) {
      return Effect.UNAFFECTED;
    }
    if (probe == null) {
      return Effect.UNVERIFIED;
    }
    if (probe.accepted()) {
      for (int c : probe.offered()) {
        if (c < 0 || c > 0xFFFF || !remaining[c]) {
          return Effect.UNVERIFIED;
        }
      }
      return Effect.UNAFFECTED;
    }
    for (int c : remainingCodes) {
      if (!probe.offeredSuite(c)) {
        return Effect.UNVERIFIED;
      }
    }
    return Effect.BREAKS;
  }

  /** Formats a code as {@code 0x003D}. */
  public static String hex(int code) {
    return String.format("0x%04X", code);
  }
}
