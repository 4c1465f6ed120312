package io.cipherwatch.policy;

import io.cipherwatch.catalog.CipherCatalog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The deprecation policy: which suites are being removed (D) and which the platform's edges accept as TLS
 * server (S), and the classification of one handshake against them.
 */
public final class CipherPolicy {
  private final boolean[] deprecated = new boolean[0x10000];
  private final boolean[] supported = new boolean[0x10000];
  private final int[] deprecatedCodes;
  private final int[] supportedCodes;

  /** A policy from explicit code lists. */
  public CipherPolicy(int[] deprecatedCodes, int[] supportedCodes) {
    this.deprecatedCodes = deprecatedCodes.clone();
    this.supportedCodes = supportedCodes.clone();
    for (int c : deprecatedCodes) {
      deprecated[checkCode(c)] = true;
    }
    for (int c : supportedCodes) {
      supported[checkCode(c)] = true;
    }
  }

  private static int checkCode(int c) {
    if (c < 0 || c > 0xFFFF) {
      throw new IllegalArgumentException("Cipher suite code out of range: " + c);
    }
    return c;
  }

  /**
   * Parses comma-separated lists of codes ({@code 0x003D}, {@code 0x00,0x3D}), IANA names or OpenSSL names.
   *
   * @throws IllegalArgumentException naming the first entry the catalog does not know
   */
  public static CipherPolicy parse(String deprecatedList, String supportedList, CipherCatalog catalog) {
    return new CipherPolicy(parseList("cipherwatch.policy.deprecated", deprecatedList, catalog),
        parseList("cipherwatch.policy.supported", supportedList, catalog));
  }

  /**
   * Parses a list of suites separated by commas, colons (OpenSSL style) or spaces; {@code 0x00,0x3D} pairs are
   * joined before lookup.
   *
   * @param what names the list in error messages
   * @throws IllegalArgumentException naming the first unknown entry
   */
  public static int[] parseList(String what, String list, CipherCatalog catalog) {
    List<String> entries = new ArrayList<>();
    String[] parts = list.split("[,:\\s]+");
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.isEmpty()) {
        continue;
      }
      // "0x00,0x3D" is one code written as two bytes: join a 0xNN with the following 0xNN.
      if (isByte(p) && i + 1 < parts.length && isByte(parts[i + 1].trim())) {
        p = p + "," + parts[++i].trim();
      }
      entries.add(p);
    }
    int[] codes = new int[entries.size()];
    for (int i = 0; i < codes.length; i++) {
      try {
        codes[i] = catalog.parseCode(entries.get(i));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
      }
    }
    return codes;
  }

  private static boolean isByte(String s) {
    return s.length() == 4 && (s.startsWith("0x") || s.startsWith("0X"))
        && Character.digit(s.charAt(2), 16) >= 0 && Character.digit(s.charAt(3), 16) >= 0;
  }

  public boolean isDeprecated(int code) {
    return code >= 0 && code <= 0xFFFF && deprecated[code];
  }

  public boolean isSupported(int code) {
    return code >= 0 && code <= 0xFFFF && supported[code];
  }

  public int[] deprecatedCodes() {
    return deprecatedCodes.clone();
  }

  public int[] supportedCodes() {
    return supportedCodes.clone();
  }

  /**
   * Classifies one valid handshake.
   *
   * @param inbound whether the remote endpoint was the TLS client
   * @param established whether the handshake completed
   * @param chosen the negotiated suite, or -1
   * @param offer the ClientHello offer without GREASE values, in priority order
   * @param offerLength how many entries of {@code offer} are used
   */
  public Classification classify(boolean inbound, boolean established, int chosen, int[] offer, int offerLength) {
    if (!established) {
      return Classification.FAILED;
    }
    if (isDeprecated(chosen)) {
      if (!inbound) {
        return Classification.DEPRECATED_ONLY;
      }
      for (int i = 0; i < offerLength; i++) {
        int c = offer[i];
        if (supported[c] && !deprecated[c]) {
          return Classification.PREFERS_DEPRECATED;
        }
      }
      return Classification.DEPRECATED_ONLY;
    }
    if (inbound) {
      for (int i = 0; i < offerLength; i++) {
        if (deprecated[offer[i]]) {
          return Classification.OFFERS_DEPRECATED;
        }
      }
    }
    return Classification.CLEAN;
  }

  @Override
  public String toString() {
    return "CipherPolicy{deprecated=" + Arrays.toString(deprecatedCodes) + ", supported="
        + Arrays.toString(supportedCodes) + "}";
  }
}
