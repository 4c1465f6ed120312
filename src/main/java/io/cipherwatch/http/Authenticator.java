package io.cipherwatch.http;

import io.cipherwatch.config.ConfigException;
import io.cipherwatch.config.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may call {@code /api}: bearer tokens from {@code cipherwatch.http.auth.token-file} (one a line) and/or
 * {@code user:password} lines from {@code cipherwatch.http.auth.basic-file} ({@code #} comments and blank lines
 * ignored). The files are read at start and re-read within {@link #RELOAD_SECONDS} of a change (a rewrite or a
 * Kubernetes Secret update); a file that cannot be read or is empty keeps the previous credentials.
 *
 * <p>A presented credential is hashed (SHA-256) and compared with every accepted hash by
 * {@link MessageDigest#isEqual} without stopping at a match, so the time taken tells nothing about the
 * credentials. Neither the credentials nor the header ever reach a log line or an answer.
 */
public final class Authenticator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
  /** How often the credential files are checked for changes. */
  public static final int RELOAD_SECONDS = 2;
  private static final int MAX_FILE_BYTES = 1 << 20;

  private final CredentialFile tokens;
  private final CredentialFile basic;
  private final ScheduledExecutorService reloader;

  private Authenticator(Path tokenFile, Path basicFile) {
    this.tokens = tokenFile == null ? null : new CredentialFile(tokenFile, "bearer token");
    this.basic = basicFile == null ? null : new CredentialFile(basicFile, "user:password");
    if (tokens == null && basic == null) {
      reloader = null;
      return;
    }
    reloader = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "cipherwatch-auth-reload");
      t.setDaemon(true);
      return t;
    });
    reloader.scheduleWithFixedDelay(this::reload, RELOAD_SECONDS, RELOAD_SECONDS, TimeUnit.SECONDS);
  }

  /** No authentication: every request is allowed. */
  public static Authenticator none() {
    return new Authenticator(null, null);
  }

  /**
   * Authentication by the given files (either may be null or empty = not used; both null: none).
   *
   * @throws ConfigException when a file cannot be read or holds no credential
   */
  public static Authenticator fromFiles(String tokenFile, String basicFile) {
    return new Authenticator(blankToNull(tokenFile), blankToNull(basicFile));
  }

  private static Path blankToNull(String s) {
    return s == null || s.isBlank() ? null : Path.of(s.trim());
  }

  /** Whether requests must authenticate. */
  public boolean required() {
    return tokens != null || basic != null;
  }

  /** The {@code WWW-Authenticate} challenge of a 401. */
  public String challenge() {
    return tokens != null ? "Bearer realm=\"cipherwatch\"" : "Basic realm=\"cipherwatch\", charset=\"UTF-8\"";
  }

  /** Whether a request with this {@code Authorization} header (null: none) may proceed. */
  public boolean allows(String authorization) {
    if (!required()) {
      return true;
    }
    if (authorization == null) {
      return false;
    }
    int space = authorization.indexOf(' ');
    if (space < 0) {
      return false;
    }
    String scheme = authorization.substring(0, space);
    String credential = authorization.substring(space + 1).trim();
    if (tokens != null && scheme.equalsIgnoreCase("Bearer")) {
      return tokens.matches(credential);
    }
    if (basic != null && scheme.equalsIgnoreCase("Basic")) {
      try {
        return basic.matches(new String(Base64.getDecoder().decode(credential), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    return false;
  }

  /** Re-reads a file whose modification time or size changed. */
  void reload() {
    for (CredentialFile f : new CredentialFile[] {tokens, basic}) {
      if (f != null) {
        try {
          f.reloadIfChanged();
        } catch (RuntimeException e) {
          LOG.warn("Keeping the previous {} credentials: {}", f.what, e.getMessage());
        }
      }
    }
  }

  @Override
  public void close() {
    if (reloader != null) {
      reloader.shutdownNow();
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** One credential file and the hashes of its lines. */
  private static final class CredentialFile {
    private final Path path;
    private final String what;
    private volatile List<byte[]> hashes;
    private FileTime modified;
    private long size;

    CredentialFile(Path path, String what) {
      this.path = path;
      this.what = what;
      reloadIfChanged();
    }

    boolean matches(String credential) {
      byte[] presented = sha256(credential);
      boolean match = false;
      for (byte[] h : hashes) {
        match |= MessageDigest.isEqual(h, presented);
      }
      return match;
    }

    synchronized void reloadIfChanged() {
      FileTime m;
      long s;
      try {
        m = Files.getLastModifiedTime(path);
        s = Files.size(path);
      } catch (IOException e) {
        throw new ConfigException("Cannot read the " + what + " file " + path + " (" + e.getClass().getSimpleName()
            + "): mount it or fix cipherwatch.http.auth.*-file");
      }
      if (hashes != null && Objects.equals(m, modified) && s == size) {
        return;
      }
      if (s > MAX_FILE_BYTES) {
        throw new ConfigException("The " + what + " file " + path + " is over 1 MiB");
      }
      List<byte[]> read = new ArrayList<>();
      try {
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
          String l = line.strip();
          if (!l.isEmpty() && !l.startsWith("#")) {
            if (what.startsWith("user") && l.indexOf(':') <= 0) {
              throw new ConfigException("The " + what + " file " + path + " has a line that is not user:password");
            }
            Secrets.remember(l);
            Secrets.remember(l.substring(l.indexOf(':') + 1));
            read.add(sha256(l));
          }
        }
      } catch (IOException e) {
        throw new ConfigException("Cannot read the " + what + " file " + path + " (" + e.getClass().getSimpleName()
            + ")");
      }
      if (read.isEmpty()) {
        throw new ConfigException("The " + what + " file " + path + " holds no credential: one " + what
            + " a line");
      }
      boolean first = hashes == null;
      hashes = List.copyOf(read);
      modified = m;
      size = s;
      LOG.info("{} {} {} credential(s) from {}", first ? "Read" : "Re-read", read.size(), what, path);
    }
  }
}
