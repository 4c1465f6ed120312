package io.cipherwatch.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.security.TlsDefaults;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

class TlsClientDefaultsTest {
  @Test
  void kafkaClientsGetTheListsUnlessConfigured() {
    Map<String, Object> props = new HashMap<>();
    TlsClientDefaults.applyTo(props);
    assertEquals("TLSv1.3,TLSv1.2", props.get("ssl.enabled.protocols"));
    assertEquals(String.join(",", TlsDefaults.CIPHER_SUITES), props.get("ssl.cipher.suites"));

    Map<String, Object> own = new HashMap<>(Map.of("ssl.cipher.suites", "TLS_AES_128_GCM_SHA256",
        "ssl.enabled.protocols", ""));
    TlsClientDefaults.applyTo(own);
    assertEquals("TLS_AES_128_GCM_SHA256", own.get("ssl.cipher.suites"));
    assertEquals("", own.get("ssl.enabled.protocols"), "an explicit value, even empty, is the user's choice");
  }

  @Test
  void theDefaultsExcludeTheDeprecatedSuitesTheJvmStillEnables() throws Exception {
    List<String> jvm = Arrays.asList(SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites());
    assertTrue(jvm.contains("TLS_RSA_WITH_AES_256_CBC_SHA256") && jvm.contains("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"),
        "the reason this class exists: JDK defaults include 0x003D and 0xC028");
    SSLParameters p = TlsClientDefaults.sslParameters(null, List.of());
    List<String> suites = Arrays.asList(p.getCipherSuites());
    assertFalse(suites.contains("TLS_RSA_WITH_AES_256_CBC_SHA256") || suites.contains("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"));
    assertTrue(suites.stream().noneMatch(s -> s.contains("CBC") || s.startsWith("TLS_RSA_")), suites.toString());
    assertTrue(jvm.containsAll(suites), "every default suite is supported by this JVM");
    assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, p.getProtocols());
    assertArrayEquals(new String[] {"TLSv1.2"}, TlsClientDefaults.sslParameters(List.of("TLSv1.2"), null).getProtocols());
  }
}
