package io.cipherwatch.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Start-up check of {@code schema.registry.url}: each comma-separated URL must be {@code http(s)://host[:port]...}
 * or {@code mock://scope}. Messages show a URL without its {@code user:password@} part.
 */
final class RegistryUrls {
  private RegistryUrls() {}

  /** Adds one error per malformed URL in {@code urls} (null: nothing to check; run requires it separately). */
  static void check(String urls, List<String> errors) {
    if (urls == null || urls.isBlank()) {
      return;
    }
    for (String url : urls.split(",")) {
      String u = url.trim();
      String problem = problem(u);
      if (problem != null) {
        errors.add("schema.registry.url: '" + withoutCredentials(u) + "' " + problem
            + " (expected e.g. https://registry.example:8081; put credentials in basic.auth.user.info, not the URL)");
      }
    }
  }

  private static String problem(String u) {
    if (u.toLowerCase(Locale.ROOT).startsWith("mock://")) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(u);
    } catch (URISyntaxException e) {
      return "is not a valid URL";
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return "is not an http(s) URL";
    }
    if (uri.getHost() == null) {
      return "has no valid host[:port]";
    }
    return null;
  }

  /** {@code url} without anything between {@code ://} and its last {@code @} (works on malformed URLs too). */
  static String withoutCredentials(String url) {
    int start = url.indexOf("://");
    if (start < 0) {
      return Secrets.redact(url);
    }
    int at = url.lastIndexOf('@'); // the last one: a password may hold '/', '@' or '#'
    return at > start ? url.substring(0, start + 3) + url.substring(at + 1) : url;
  }
}
