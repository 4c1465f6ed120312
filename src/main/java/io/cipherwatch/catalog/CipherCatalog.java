package io.cipherwatch.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The TLS cipher suite registry: every code 0..0xFFFF resolves to a {@link CipherSuite} (unassigned codes
 * to {@code UNKNOWN_0x1234}, GREASE codes to {@code GREASE_0x0A0A}), and suites can be looked up by code,
 * IANA name or OpenSSL name. Immutable and thread-safe; code lookups are array reads.
 */
public final class CipherCatalog {

  private static final int CODE_SPACE = 0x10000;
  private static final String UNKNOWN_PREFIX = "UNKNOWN_";
  private static final String GREASE_PREFIX = "GREASE_";

  private final CipherSuite[] suites = new CipherSuite[CODE_SPACE];
  /** Upper-case IANA and OpenSSL names. */
  private final Map<String, CipherSuite> byName = new HashMap<>();
  private final List<CipherSuite> assigned;

  /** Indexes the given registry entries and synthesises UNKNOWN_/GREASE_ suites for every other code. */
  CipherCatalog(Collection<CipherSuite> registryEntries) {
    List<CipherSuite> sorted = new ArrayList<>(registryEntries);
    sorted.sort(Comparator.comparingInt(CipherSuite::code));
    for (CipherSuite suite : sorted) {
      if (suites[suite.code()] != null) {
        throw new IllegalStateException("Cipher suite code " + suite.hex() + " is listed twice: "
            + suites[suite.code()].ianaName() + " and " + suite.ianaName());
      }
      suites[suite.code()] = suite;
      index(suite.ianaName(), suite);
      if (suite.opensslName() != null) {
        index(suite.opensslName(), suite);
      }
    }
    for (int code = 0; code < CODE_SPACE; code++) {
      if (suites[code] == null) {
        boolean grease = isGrease(code);
        String name = (grease ? GREASE_PREFIX : UNKNOWN_PREFIX) + CipherSuite.hex(code);
        SuiteTraits none = SuiteTraits.NONE;
        suites[code] = new CipherSuite(code, name, null, false, none.keyExchange(), none.forwardSecrecy(),
            none.aead(), false, grease);
      }
    }
    this.assigned = Collections.unmodifiableList(sorted);
  }

  /** The catalog built from the bundled IANA registry and OpenSSL table; loaded once, then shared. */
  public static CipherCatalog standard() {
    return Standard.INSTANCE;
  }

  /** The suite for a code; never null. Throws IllegalArgumentException outside 0..0xFFFF. */
  public CipherSuite byCode(int code) {
    return suites[checkCode(code)];
  }

  /** The IANA (or UNKNOWN_/GREASE_ display) name of a code, without allocating. */
  public String ianaName(int code) {
    return suites[checkCode(code)].ianaName();
  }

  /** The OpenSSL name of a code, or null when OpenSSL has none. */
  public String opensslName(int code) {
    return suites[checkCode(code)].opensslName();
  }

  /**
   * Resolves a user spelling, case-insensitively and ignoring surrounding blanks: a hex code ({@code 0x003D},
   * {@code 0x3d}, {@code 003D}, 1 to 4 digits), a byte pair ({@code 0x00,0x3D}, {@code 0x00, 0x3D}), an IANA
   * name, an OpenSSL name, or an {@code UNKNOWN_0x1234}/{@code GREASE_0x0A0A} display name. A well-formed
   * code that is unassigned resolves to its UNKNOWN_ suite. Empty for anything else, including null.
   */
  public Optional<CipherSuite> lookup(String spelling) {
    if (spelling == null) {
      return Optional.empty();
    }
    String trimmed = spelling.trim();
    int code = parseHexSpelling(trimmed);
    if (code >= 0) {
      return Optional.of(suites[code]);
    }
    String key = trimmed.toUpperCase(Locale.ROOT);
    CipherSuite named = byName.get(key);
    if (named != null) {
      return Optional.of(named);
    }
    return displayName(key);
  }

  /** Like {@link #lookup(String)} but returns the code, throwing IllegalArgumentException for a bad spelling. */
  public int parseCode(String spelling) {
    return lookup(spelling).orElseThrow(() -> new IllegalArgumentException("Unknown cipher suite '"
        + (spelling == null ? null : spelling.trim()) + "': use an IANA code like 0x003D or 0x00,0x3D, "
        + "an IANA name like TLS_RSA_WITH_AES_256_CBC_SHA256 or an OpenSSL name like AES256-SHA256")).code();
  }

  /** Whether a code is one of the 16 RFC 8701 GREASE values 0x0A0A, 0x1A1A, ... 0xFAFA. */
  public static boolean isGrease(int code) {
    return (code & ~0xFFFF) == 0 && (code & 0x0F0F) == 0x0A0A && (code >>> 8) == (code & 0xFF);
  }

  /** Every named registry entry (signalling values included, GREASE and unassigned codes excluded), by code. */
  public Collection<CipherSuite> assigned() {
    return assigned;
  }

  private void index(String name, CipherSuite suite) {
    CipherSuite previous = byName.putIfAbsent(name.toUpperCase(Locale.ROOT), suite);
    if (previous != null && previous.code() != suite.code()) {
      throw new IllegalStateException("Cipher suite name " + name + " is ambiguous: " + previous.hex()
          + " and " + suite.hex());
    }
  }

  private Optional<CipherSuite> displayName(String upperCaseSpelling) {
    String digits;
    if (upperCaseSpelling.startsWith(UNKNOWN_PREFIX)) {
      digits = upperCaseSpelling.substring(UNKNOWN_PREFIX.length());
    } else if (upperCaseSpelling.startsWith(GREASE_PREFIX)) {
      digits = upperCaseSpelling.substring(GREASE_PREFIX.length());
    } else {
      return Optional.empty();
    }
    int code = parseHexSpelling(digits);
    if (code < 0 || !suites[code].ianaName().equalsIgnoreCase(upperCaseSpelling)) {
      return Optional.empty();
    }
    return Optional.of(suites[code]);
  }

  /** A code from {@code 0x3D}, {@code 003D} or {@code 0x00,0x3D} (any case); -1 if not such a spelling. */
  private static int parseHexSpelling(String s) {
    int comma = s.indexOf(',');
    if (comma >= 0) {
      int high = parsePrefixedHex(s.substring(0, comma).trim(), 2);
      int low = parsePrefixedHex(s.substring(comma + 1).trim(), 2);
      return high < 0 || low < 0 ? -1 : (high << 8) | low;
    }
    boolean prefixed = s.length() > 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X');
    return parseHexDigits(prefixed ? s.substring(2) : s, 4);
  }

  private static int parsePrefixedHex(String s, int maxDigits) {
    if (s.length() < 3 || s.charAt(0) != '0' || (s.charAt(1) != 'x' && s.charAt(1) != 'X')) {
      return -1;
    }
    return parseHexDigits(s.substring(2), maxDigits);
  }

  /** The value of 1..maxDigits ASCII hex digits (any case); -1 if the string is anything else. */
  static int parseHexDigits(String digits, int maxDigits) {
    if (digits.isEmpty() || digits.length() > maxDigits) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      int digit = c >= '0' && c <= '9' ? c - '0'
          : c >= 'A' && c <= 'F' ? c - 'A' + 10
          : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (digit < 0) {
        return -1;
      }
      value = (value << 4) | digit;
    }
    return value;
  }

  private static int checkCode(int code) {
    if ((code & ~0xFFFF) != 0) {
      throw new IllegalArgumentException("Cipher suite code " + code
          + " is outside 0..0xFFFF: a TLS cipher suite code is two bytes");
    }
    return code;
  }

  /** Lazy, thread-safe holder of the standard catalog (class initialisation runs once). */
  private static final class Standard {
    static final CipherCatalog INSTANCE = CatalogLoader.loadStandard();
  }
}
