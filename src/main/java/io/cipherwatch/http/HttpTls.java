package io.cipherwatch.http;

import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.config.ConfigException;
import io.cipherwatch.config.Settings;
import io.cipherwatch.security.TlsDefaults;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * TLS of the API listener and of forwarding between instances: a PKCS12 key store for the listener, an optional
 * PKCS12 trust store for the forwarding client (else the JVM's), and the protocol versions and cipher suites of
 * both, {@link TlsDefaults} (TLS 1.2+, AEAD with forward secrecy only) unless configured.
 *
 * @param keystore the listener's key store, null: plain HTTP
 * @param truststore the forwarding client's trust store, null: the JVM's
 */
public record HttpTls(Path keystore, String keystorePassword, Path truststore, String truststorePassword,
    List<String> protocols, List<String> cipherSuites) {

  /** The TLS configured by {@code cipherwatch.http.tls.*}; validates the stores at once. */
  public static HttpTls from(CipherwatchConfig cfg) {
    List<String> protocols = cfg.list(Settings.HTTP_TLS_PROTOCOLS);
    List<String> suites = cfg.list(Settings.HTTP_TLS_CIPHER_SUITES);
    HttpTls tls = new HttpTls(path(cfg.raw(Settings.HTTP_TLS_KEYSTORE)), cfg.raw(Settings.HTTP_TLS_KEYSTORE_PASSWORD),
        path(cfg.raw(Settings.HTTP_TLS_TRUSTSTORE)), cfg.raw(Settings.HTTP_TLS_TRUSTSTORE_PASSWORD),
        protocols.isEmpty() ? TlsDefaults.PROTOCOLS : protocols, suites.isEmpty() ? TlsDefaults.CIPHER_SUITES : suites);
    if (tls.keystore != null) {
      load(tls.keystore, tls.keystorePassword, Settings.HTTP_TLS_KEYSTORE.key());
    }
    tls.clientContext();
    tls.clientParameters();
    return tls;
  }

  /** Plain HTTP, default protocols and suites for any HTTPS peer. */
  public static HttpTls none() {
    return new HttpTls(null, "", null, "", TlsDefaults.PROTOCOLS, TlsDefaults.CIPHER_SUITES);
  }

  private static Path path(String s) {
    return s == null || s.isBlank() ? null : Path.of(s.trim());
  }

  /** Whether the API listener serves HTTPS (and forwarding uses https://). */
  public boolean enabled() {
    return keystore != null;
  }

  /** The scheme other instances' APIs are reached with. */
  public String scheme() {
    return enabled() ? "https" : "http";
  }

  /** The Jetty server TLS context: the key store, exactly these protocols and suites, no renegotiation. */
  SslContextFactory.Server serverFactory() {
    SslContextFactory.Server f = new SslContextFactory.Server();
    f.setKeyStorePath(keystore.toString());
    f.setKeyStoreType("PKCS12");
    f.setKeyStorePassword(keystorePassword);
    f.setExcludeProtocols();
    f.setIncludeProtocols(protocols.toArray(String[]::new));
    f.setExcludeCipherSuites();
    f.setIncludeCipherSuites(cipherSuites.toArray(String[]::new));
    f.setRenegotiationAllowed(false);
    f.setSniRequired(false);
    return f;
  }

  /** The forwarding client's SSL context: the trust store, or the JVM's trusted certificates. */
  SSLContext clientContext() {
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(truststore == null ? null : load(truststore, truststorePassword, Settings.HTTP_TLS_TRUSTSTORE.key()));
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new ConfigException("Cannot set up TLS for forwarding (" + e.getClass().getSimpleName() + "): check "
          + Settings.HTTP_TLS_TRUSTSTORE.key());
    }
  }

  /**
   * The forwarding client's protocols and suites (hostname verification on).
   *
   * @throws ConfigException when this JVM supports none of the configured protocols or suites
   */
  SSLParameters clientParameters() {
    SSLParameters supported = clientContext().getSupportedSSLParameters();
    SSLParameters p = new SSLParameters(supportedOf(cipherSuites, supported.getCipherSuites(),
        Settings.HTTP_TLS_CIPHER_SUITES.key()), supportedOf(protocols, supported.getProtocols(),
        Settings.HTTP_TLS_PROTOCOLS.key()));
    p.setEndpointIdentificationAlgorithm("HTTPS");
    return p;
  }

  private static String[] supportedOf(List<String> wanted, String[] supported, String key) {
    Set<String> s = Set.of(supported);
    String[] out = wanted.stream().filter(s::contains).toArray(String[]::new);
    if (out.length == 0) {
      throw new ConfigException(key + ": this JVM supports none of " + wanted + " (supported: "
          + Arrays.toString(supported) + ")");
    }
    return out;
  }

  private static KeyStore load(Path file, String password, String key) {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, password == null ? new char[0] : password.toCharArray());
      return ks;
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException(key + ": cannot open the PKCS12 store " + file + " (" + e.getClass().getSimpleName()
          + "): check the path and its password (" + key + "-password, file:/path allowed)");
    }
  }

  @Override
  public String toString() {
    return "HttpTls[keystore=" + keystore + ", truststore=" + truststore + ", protocols=" + protocols
        + ", cipherSuites=" + cipherSuites + "]";
  }
}
