package io.cipherwatch.probe;

import io.cipherwatch.catalog.CipherCatalog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Asks a remote TLS server which of a set of suites it accepts by completing one real handshake as client
 * (JSSE), offering exactly those suites the local stack can offer. The certificate is not verified (the probe
 * only learns the remote's suite choice and sends no application data); the connection is closed right after
 * the handshake.
 */
public final class TlsProbe {
  private final Duration timeout;
  private final SSLContext context;
  private final Set<String> usable;

  /** A prober waiting at most {@code timeout} for the connection and for each read. */
  public TlsProbe(Duration timeout) {
    this.timeout = timeout;
    try {
      context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new AcceptAnyCertificate()}, new SecureRandom());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("This JVM has no TLS implementation: " + e.getMessage(), e);
    }
    SSLEngine engine = context.createSSLEngine();
    this.usable = new HashSet<>(List.of(engine.getSupportedCipherSuites()));
  }

  /** Which of the codes the local stack can offer (JSSE knows the IANA name and its policy allows it). */
  public int[] offerable(int[] codes) {
    return filter(codes, true);
  }

  /** Which of the codes the local stack cannot offer. */
  public int[] notOfferable(int[] codes) {
    return filter(codes, false);
  }

  private int[] filter(int[] codes, boolean keepUsable) {
    CipherCatalog catalog = CipherCatalog.standard();
    return java.util.Arrays.stream(codes)
        .filter(c -> usable.contains(catalog.ianaName(c)) == keepUsable).toArray();
  }

  /**
   * Probes {@code host:port}, offering the offerable ones of {@code suites}.
   *
   * @param sni the server name to send, or null
   * @param removed the candidate set the probe is for (recorded only)
   * @throws IOException when the remote cannot be reached (nothing about its suites is learnt)
   * @throws IllegalArgumentException when none of the suites can be offered
   */
  public ProbeReport probe(String trunkId, String host, int port, String sni, int[] suites, int[] removed)
      throws IOException {
    int[] offered = offerable(suites);
    int[] notOffered = notOfferable(suites);
    if (offered.length == 0) {
      throw new IllegalArgumentException("None of the suites to offer can be offered by this JVM's TLS stack "
          + "(unknown to it or disabled by jdk.tls.disabledAlgorithms): nothing to probe");
    }
    CipherCatalog catalog = CipherCatalog.standard();
    List<String> names = new ArrayList<>();
    boolean tls13 = false;
    for (int c : offered) {
      names.add(catalog.ianaName(c));
      tls13 |= (c & 0xFF00) == 0x1300;
    }
    Instant started = Instant.now();
    String remote = host + ":" + port;
    Socket plain = new Socket();
    try {
      plain.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      plain.setSoTimeout((int) timeout.toMillis());
    } catch (IOException e) {
      plain.close();
      throw new IOException("Cannot connect to " + remote + ": " + e.getMessage()
          + " (check the address and that this host may reach it)", e);
    }
    try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true)) {
      SSLParameters p = s.getSSLParameters();
      p.setCipherSuites(names.toArray(new String[0]));
      p.setProtocols(tls13 ? new String[] {"TLSv1.3", "TLSv1.2"} : new String[] {"TLSv1.2"});
      if (sni != null) {
        p.setServerNames(List.of(new SNIHostName(sni)));
      }
      s.setSSLParameters(p);
      try {
        s.startHandshake();
      } catch (SSLException e) {
        return new ProbeReport(trunkId, remote, started, removed, offered, notOffered, false, -1, null,
            e.getMessage());
      }
      SSLSession session = s.getSession();
      int chosen = catalog.parseCode(session.getCipherSuite());
      return new ProbeReport(trunkId, remote, started, removed, offered, notOffered, true, chosen,
          session.getProtocol(), null);
    }
  }

  /** Accepts any server certificate: the probe asks about suites, not about identity, and sends no data. */
  private static final class AcceptAnyCertificate extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
