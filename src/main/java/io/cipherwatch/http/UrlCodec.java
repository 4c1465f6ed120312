package io.cipherwatch.http;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Percent-encoding of path segments and parsing of query strings, strict enough to reject ambiguous input. */
public final class UrlCodec {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private UrlCodec() {}

  /** Encodes one path segment: RFC 3986 unreserved characters stay, every other UTF-8 byte becomes %XX. */
  public static String encodeSegment(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        sb.append(c);
      } else {
        sb.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
      }
    }
    return sb.toString();
  }

  /**
   * Decodes a raw path segment (%XX sequences as UTF-8; {@code +} stays a plus sign).
   *
   * @throws BadRequestException for a truncated or non-hex % sequence
   */
  public static String decodeSegment(String raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '%') {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        continue;
      }
      int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
      int lo = hi >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
      if (lo < 0) {
        throw new BadRequestException("Malformed percent-encoding in a path segment: % must be followed by two hex"
            + " digits (encode '%' itself as %25)");
      }
      out.write(hi * 16 + lo);
      i += 2;
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * Parses a raw query string ({@code a=1&b=x%20y}, form-decoded) into an ordered map.
   *
   * @param allowed the parameter names the endpoint accepts
   * @param endpoint names the endpoint in error messages
   * @throws BadRequestException for an unknown or repeated parameter, one without a value, or bad encoding
   */
  public static Map<String, String> parseQuery(String rawQuery, Set<String> allowed, String endpoint) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decodeForm(eq < 0 ? pair : pair.substring(0, eq));
      if (!allowed.contains(name)) {
        throw new BadRequestException("Unknown query parameter for " + endpoint + ": allowed are "
            + (allowed.isEmpty() ? "none" : String.join(", ", allowed)));
      }
      if (eq < 0 || eq == pair.length() - 1) {
        throw new BadRequestException("Query parameter '" + name + "' of " + endpoint + " needs a value");
      }
      if (out.put(name, decodeForm(pair.substring(eq + 1))) != null) {
        throw new BadRequestException("Query parameter '" + name + "' of " + endpoint + " is given twice; give it once");
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * The internal {@code local} flag: absent or {@code false} is false, {@code true} is true.
   *
   * @throws BadRequestException for any other value
   */
  public static boolean localFlag(Map<String, String> query) {
    String v = query.get("local");
    if (v == null || v.equalsIgnoreCase("false")) {
      return false;
    }
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    throw new BadRequestException("Query parameter 'local' must be true or false");
  }

  private static String decodeForm(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("Malformed percent-encoding in the query string: % must be followed by two hex"
          + " digits (encode '%' itself as %25)");
    }
  }
}
