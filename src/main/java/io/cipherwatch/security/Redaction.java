package io.cipherwatch.security;

/**
 * The one place that removes credentials from text meant for people (error messages, log lines). Works on
 * malformed input too: it never parses, only cuts, so a URL a parser would refuse is still shown without its
 * password.
 */
public final class Redaction {
  private Redaction() {
  }

  /**
   * One URL or a comma-separated list of URLs without user info: {@code https://user:pw@host:8081/x} becomes
   * {@code https://host:8081/x}. For each {@code ://}, everything from there to the last '@' before the next
   * {@code ://} goes (a password may hold '/', ',', '?' or '#'; an '@' in a path costs part of the path, never a
   * secret). Text without {@code ://} loses everything up to its last '@'. Null stays null.
   */
  public static String urls(String text) {
    if (text == null) {
      return null;
    }
    int first = text.indexOf("://");
    if (first < 0) {
      return text.substring(text.lastIndexOf('@') + 1);
    }
    StringBuilder out = new StringBuilder(text.length());
    out.append(text, 0, first + 3);
    int authority = first + 3;
    while (true) {
      int next = text.indexOf("://", authority);
      int limit = next < 0 ? text.length() : next;
      int at = text.lastIndexOf('@', limit - 1);
      out.append(text, at >= authority ? at + 1 : authority, next < 0 ? limit : next + 3);
      if (next < 0) {
        return out.toString();
      }
      authority = next + 3;
    }
  }
}
