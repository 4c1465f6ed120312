package io.cipherwatch.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Pattern;

/**
 * Which configuration values are secrets, how they are read from files, and how they are kept out of text shown
 * to anyone (log lines, error messages, API answers).
 *
 * <p>A secret key is one whose name contains {@code password}, {@code jaas.config}, {@code user.info},
 * {@code secret}, {@code credentials} or {@code token}, or ends in {@code .key} (PEM keys). A secret's value may be
 * {@code file:/path}: the file's content (a trailing line break dropped) is used, so Kubernetes Secrets mount as
 * files. Every secret value loaded is remembered, and {@link #redact} replaces it (and the password of any
 * {@code scheme://user:password@} URL) with {@code ****}; the log pattern calls it for every line.
 */
public final class Secrets {
  /** What a hidden secret reads as. */
  public static final String MASK = "****";
  /** The value prefix that reads a secret from a file. */
  public static final String FILE_PREFIX = "file:";
  /** Largest secret file read (bytes): a JAAS line or a PEM chain fits many times over. */
  static final long MAX_FILE_BYTES = 1 << 20;

  private static final Pattern URL_PASSWORD = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://[^/\\s:@]*:)[^@\\s/]*@");
  private static final Set<String> KNOWN = new CopyOnWriteArraySet<>();

  private Secrets() {}

  /** Whether {@code key}'s value is a secret (see the class comment). */
  public static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    if (k.endsWith("-file") || k.endsWith(".location") || k.endsWith(".url") || k.endsWith(".type")
        || k.endsWith(".source") || k.endsWith(".class")) {
      return false; // a path, URL or type naming where a secret is, not the secret
    }
    return k.contains("password") || k.contains("jaas.config") || k.contains("user.info") || k.contains("secret")
        || k.contains("credentials") || k.contains("token") || k.endsWith(".key");
  }

  /**
   * The value to use for {@code key}: for a secret key whose value is {@code file:/path}, the file's content;
   * otherwise {@code value}. Every non-empty secret value is remembered for {@link #redact}.
   *
   * @throws ConfigException naming the key and the file (never the content) when it cannot be read
   */
  public static String resolve(String key, String value) {
    if (value == null || !isSecret(key)) {
      return value;
    }
    String v = value.startsWith(FILE_PREFIX) ? readFile(key, Path.of(value.substring(FILE_PREFIX.length()))) : value;
    remember(v);
    return v;
  }

  /**
   * The content of a secret file, one trailing line break dropped.
   *
   * @throws ConfigException naming {@code what} and the file when it is missing, unreadable or over 1 MiB
   */
  public static String readFile(String what, Path file) {
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new ConfigException(what + ": secret file " + file + " is " + size + " bytes, over the 1 MiB limit");
      }
      String s = Files.readString(file, StandardCharsets.UTF_8);
      if (s.endsWith("\n")) {
        s = s.substring(0, s.length() - (s.endsWith("\r\n") ? 2 : 1));
      }
      return s;
    } catch (IOException e) {
      throw new ConfigException(what + ": cannot read secret file " + file + " (" + e.getClass().getSimpleName()
          + "): mount the file or fix the path");
    }
  }

  /** Remembers a secret value so that {@link #redact} hides it (values under 4 characters are not worth it). */
  public static void remember(String value) {
    if (value != null && value.length() >= 4) {
      KNOWN.add(value);
      for (String line : value.split("\\R")) {
        if (line.strip().length() >= 4) {
          KNOWN.add(line.strip());
        }
      }
    }
  }

  /** {@code text} with every remembered secret and every URL password replaced by {@link #MASK}; null stays null. */
  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String s : KNOWN) {
      if (out.contains(s)) {
        out = out.replace(s, MASK);
      }
    }
    if (out.indexOf('@') >= 0) {
      out = URL_PASSWORD.matcher(out).replaceAll("$1" + MASK + "@");
    }
    return out;
  }
}
