package io.cipherwatch.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CipherCatalogTest {

  private static final CipherCatalog CATALOG = CipherCatalog.standard();

  /** Expected registry entries, read with a regex independent of the loader's CSV reader. */
  private record Row(int code, String name, boolean recommended) {}

  private static final Pattern REGISTRY_ROW = Pattern.compile(
      "^\"0x([0-9A-F]{2}),0x([0-9A-F]{2})\",(TLS_[A-Za-z0-9_]+),[YN]?,([YND]?),", Pattern.MULTILINE);

  private static List<Row> registryRows() throws IOException {
    Matcher m = REGISTRY_ROW.matcher(resource(CatalogLoader.IANA_RESOURCE));
    List<Row> rows = new ArrayList<>();
    while (m.find()) {
      rows.add(new Row(Integer.parseInt(m.group(1) + m.group(2), 16), m.group(3), "Y".equals(m.group(4))));
    }
    return rows;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = CipherCatalogTest.class.getResourceAsStream(name)) {
      assertNotNull(in, name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void assignedMatchesEveryNamedRegistryRowInCodeOrder() throws IOException {
    List<Row> rows = registryRows();
    assertEquals(352, rows.size(), "named single-code rows in the bundled registry");
    List<Row> actual = new ArrayList<>();
    for (CipherSuite s : CATALOG.assigned()) {
      actual.add(new Row(s.code(), s.ianaName(), s.recommended()));
      assertTrue(s.assigned());
      assertFalse(s.grease());
    }
    rows.sort((a, b) -> Integer.compare(a.code(), b.code()));
    assertEquals(rows, actual);
    assertThrows(UnsupportedOperationException.class, () -> CATALOG.assigned().clear());
  }

  @Test
  void everyRegistryRowRoundTripsByCodeHexSpellingsAndName() throws IOException {
    for (Row row : registryRows()) {
      int code = row.code();
      CipherSuite suite = CATALOG.byCode(code);
      assertEquals(row.name(), suite.ianaName());
      assertEquals(row.name(), CATALOG.ianaName(code));
      List<String> spellings = List.of(
          suite.hex(),
          String.format("0x%x", code),
          String.format("%04X", code),
          String.format("%04x", code),
          String.format("0x%02X,0x%02X", code >> 8, code & 0xFF),
          String.format("0x%02x, 0x%02x", code >> 8, code & 0xFF),
          row.name(),
          row.name().toLowerCase(Locale.ROOT),
          " " + row.name() + "\t");
      for (String spelling : spellings) {
        assertSame(suite, CATALOG.lookup(spelling).orElseThrow(() -> new AssertionError(spelling)), spelling);
        assertEquals(code, CATALOG.parseCode(spelling), spelling);
      }
    }
  }

  @Test
  void everyOpensslTableRowResolvesByOpensslNameAndBack() throws IOException {
    int rows = 0;
    for (String line : resource(CatalogLoader.OPENSSL_RESOURCE).split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] f = line.trim().split(" ");
      assertEquals(3, f.length, line);
      int code = Integer.parseInt(f[0].substring(2), 16);
      assertEquals(f[1], CATALOG.ianaName(code), "OpenSSL standard name vs IANA name for " + f[0]);
      assertEquals(f[2], CATALOG.opensslName(code));
      assertEquals(f[2], CATALOG.byCode(code).opensslName());
      assertEquals(code, CATALOG.parseCode(f[2]), f[2]);
      assertEquals(code, CATALOG.parseCode(f[2].toLowerCase(Locale.ROOT)), f[2]);
      rows++;
    }
    assertTrue(rows > 100, "OpenSSL table has only " + rows + " rows");
    long named = CATALOG.assigned().stream().filter(s -> s.opensslName() != null).count();
    assertEquals(rows, named);
  }

  @Test
  void deprecatedSuitesAndTheirRecommendedReplacement() {
    CipherSuite rsa = CATALOG.byCode(0x003D);
    assertEquals("TLS_RSA_WITH_AES_256_CBC_SHA256", rsa.ianaName());
    assertEquals("AES256-SHA256", rsa.opensslName());
    assertEquals("RSA", rsa.keyExchange());
    assertFalse(rsa.forwardSecrecy());
    assertFalse(rsa.aead());
    assertFalse(rsa.recommended());

    CipherSuite ecdheCbc = CATALOG.byCode(0xC028);
    assertEquals("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", ecdheCbc.ianaName());
    assertEquals("ECDHE-RSA-AES256-SHA384", ecdheCbc.opensslName());
    assertEquals("ECDHE", ecdheCbc.keyExchange());
    assertTrue(ecdheCbc.forwardSecrecy());
    assertFalse(ecdheCbc.aead());
    assertFalse(ecdheCbc.recommended());

    CipherSuite ecdheGcm = CATALOG.byCode(0xC02F);
    assertEquals("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", ecdheGcm.ianaName());
    assertEquals("ECDHE-RSA-AES128-GCM-SHA256", ecdheGcm.opensslName());
    assertEquals("ECDHE", ecdheGcm.keyExchange());
    assertTrue(ecdheGcm.forwardSecrecy());
    assertTrue(ecdheGcm.aead());
    assertTrue(ecdheGcm.recommended());
  }

  @ParameterizedTest
  @CsvSource({
      "0x1301, TLS_AES_128_GCM_SHA256, true",
      "0x1302, TLS_AES_256_GCM_SHA384, true",
      "0x1303, TLS_CHACHA20_POLY1305_SHA256, true",
      "0x1304, TLS_AES_128_CCM_SHA256, true",
      "0x1305, TLS_AES_128_CCM_8_SHA256, false"})
  void tls13Suites(String hex, String name, boolean recommended) {
    CipherSuite suite = CATALOG.lookup(hex).orElseThrow();
    assertEquals(name, suite.ianaName());
    assertEquals("TLS13", suite.keyExchange());
    assertTrue(suite.forwardSecrecy());
    assertTrue(suite.aead());
    assertEquals(recommended, suite.recommended());
  }

  @Test
  void tls13OpensslNamesAreTheStandardNames() {
    for (int code = 0x1301; code <= 0x1303; code++) {
      assertEquals(CATALOG.ianaName(code), CATALOG.opensslName(code));
    }
  }

  @ParameterizedTest
  @CsvSource({
      "0x0000, TLS_NULL_WITH_NULL_NULL, NULL, false, false",
      "0x0033, TLS_DHE_RSA_WITH_AES_128_CBC_SHA, DHE, true, false",
      "0x0030, TLS_DH_DSS_WITH_AES_128_CBC_SHA, DH, false, false",
      "0x0034, TLS_DH_anon_WITH_AES_128_CBC_SHA, DH_anon, true, false",
      "0x0014, TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA, DHE, true, false",
      "0x0003, TLS_RSA_EXPORT_WITH_RC4_40_MD5, RSA, false, false",
      "0xC005, TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA, ECDH, false, false",
      "0xC02B, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, ECDHE, true, true",
      "0xC018, TLS_ECDH_anon_WITH_AES_128_CBC_SHA, ECDH_anon, true, false",
      "0x00A8, TLS_PSK_WITH_AES_128_GCM_SHA256, PSK, false, true",
      "0x00AA, TLS_DHE_PSK_WITH_AES_128_GCM_SHA256, DHE_PSK, true, true",
      "0xC0AA, TLS_PSK_DHE_WITH_AES_128_CCM_8, DHE_PSK, true, true",
      "0xD001, TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256, ECDHE_PSK, true, true",
      "0x00AC, TLS_RSA_PSK_WITH_AES_128_GCM_SHA256, RSA_PSK, false, true",
      "0xCCA8, TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, ECDHE, true, true",
      "0xC0AF, TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8, ECDHE, true, true",
      "0x001E, TLS_KRB5_WITH_DES_CBC_SHA, KRB5, false, false",
      "0xC01D, TLS_SRP_SHA_WITH_AES_128_CBC_SHA, SRP, true, false",
      "0xC0B0, TLS_ECCPWD_WITH_AES_128_GCM_SHA256, ECCPWD, true, true",
      "0xC100, TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC, GOST, false, false",
      "0xC103, TLS_GOSTR341112_256_WITH_KUZNYECHIK_MGM_L, TLS13, true, true",
      "0x1306, TLS_AEGIS_256_SHA384, TLS13, true, true",
      "0x00C6, TLS_SM4_GCM_SM3, TLS13, true, true",
      "0xC0B4, TLS_SHA256_SHA256, TLS13, true, false",
      "0x00FF, TLS_EMPTY_RENEGOTIATION_INFO_SCSV, SCSV, false, false",
      "0x5600, TLS_FALLBACK_SCSV, SCSV, false, false"})
  void derivedTraits(String hex, String name, String keyExchange, boolean forwardSecrecy, boolean aead) {
    CipherSuite suite = CATALOG.byCode(CATALOG.parseCode(hex));
    assertEquals(name, suite.ianaName());
    assertEquals(keyExchange, suite.keyExchange());
    assertEquals(forwardSecrecy, suite.forwardSecrecy());
    assertEquals(aead, suite.aead());
    assertTrue(suite.assigned());
  }

  @Test
  void everyAssignedSuiteHasAKnownKeyExchange() {
    for (CipherSuite suite : CATALOG.assigned()) {
      assertFalse("UNKNOWN".equals(suite.keyExchange()), suite.ianaName());
    }
  }

  @Test
  void signallingValuesAreAssignedEntries() {
    assertEquals(0x00FF, CATALOG.parseCode("TLS_EMPTY_RENEGOTIATION_INFO_SCSV"));
    assertEquals(0x5600, CATALOG.parseCode("tls_fallback_scsv"));
    assertTrue(CATALOG.assigned().contains(CATALOG.byCode(0x5600)));
  }

  @Test
  void greaseValuesAreRecognisedAndNamed() {
    int[] grease = {0x0A0A, 0x1A1A, 0x2A2A, 0x3A3A, 0x4A4A, 0x5A5A, 0x6A6A, 0x7A7A,
        0x8A8A, 0x9A9A, 0xAAAA, 0xBABA, 0xCACA, 0xDADA, 0xEAEA, 0xFAFA};
    Set<Integer> expected = new HashSet<>();
    for (int code : grease) {
      expected.add(code);
      CipherSuite suite = CATALOG.byCode(code);
      String name = String.format("GREASE_0x%04X", code);
      assertEquals(name, suite.ianaName());
      assertEquals(name, CATALOG.ianaName(code));
      assertTrue(suite.grease());
      assertFalse(suite.assigned());
      assertNull(suite.opensslName());
      assertEquals("UNKNOWN", suite.keyExchange());
      assertSame(suite, CATALOG.lookup(name).orElseThrow());
      assertSame(suite, CATALOG.lookup(name.toLowerCase(Locale.ROOT)).orElseThrow());
      assertSame(suite, CATALOG.lookup(suite.hex()).orElseThrow());
    }
    Set<Integer> found = new HashSet<>();
    for (int code = 0; code <= 0xFFFF; code++) {
      if (CipherCatalog.isGrease(code)) {
        found.add(code);
      }
      assertEquals(CipherCatalog.isGrease(code), CATALOG.byCode(code).grease());
    }
    assertEquals(expected, found);
    assertFalse(CipherCatalog.isGrease(-1));
    assertFalse(CipherCatalog.isGrease(0x10A0A));
    assertFalse(CipherCatalog.isGrease(0x0A1A));
  }

  @ParameterizedTest
  @ValueSource(ints = {0x1234, 0xFFFF, 0xFF00, 0x0047, 0x005D, 0x1300, 0xC000, 0xD004, 0x0100, 0xFEFE})
  void unassignedCodesAreNamedUnknown(int code) {
    CipherSuite suite = CATALOG.byCode(code);
    String name = String.format("UNKNOWN_0x%04X", code);
    assertEquals(name, suite.ianaName());
    assertEquals(name, CATALOG.ianaName(code));
    assertNull(CATALOG.opensslName(code));
    assertFalse(suite.assigned());
    assertFalse(suite.grease());
    assertFalse(suite.recommended());
    assertEquals("UNKNOWN", suite.keyExchange());
    assertSame(suite, CATALOG.lookup(name).orElseThrow());
    assertSame(suite, CATALOG.lookup(name.toLowerCase(Locale.ROOT)).orElseThrow());
    assertEquals(code, CATALOG.parseCode(suite.hex()));
  }

  @Test
  void everyCodeHasAUniqueNameThatResolvesBackWithoutReallocating() {
    Map<String, Integer> names = new HashMap<>();
    for (int code = 0; code <= 0xFFFF; code++) {
      String name = CATALOG.ianaName(code);
      assertSame(name, CATALOG.ianaName(code));
      assertEquals(code, CATALOG.byCode(code).code());
      assertEquals(null, names.put(name, code), name);
      assertEquals(code, CATALOG.parseCode(name), name);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0x10000, Integer.MIN_VALUE, Integer.MAX_VALUE})
  void codesOutsideTwoBytesAreRejected(int code) {
    assertThrows(IllegalArgumentException.class, () -> CATALOG.byCode(code));
    assertThrows(IllegalArgumentException.class, () -> CATALOG.ianaName(code));
    assertThrows(IllegalArgumentException.class, () -> CATALOG.opensslName(code));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0x003D", "0x3d", "0X3D", "003D", "003d", "3d", "3D", "0x00,0x3D", "0x00, 0x3D",
      "0x0,0x3d", " 0x00 ,0x3D ", "TLS_RSA_WITH_AES_256_CBC_SHA256", "tls_rsa_with_aes_256_cbc_sha256",
      "Tls_Rsa_With_Aes_256_Cbc_Sha256", "AES256-SHA256", "aes256-sha256", "\tAES256-SHA256  "})
  void spellingsOf0x003D(String spelling) {
    assertEquals(0x003D, CATALOG.lookup(spelling).orElseThrow().code());
    assertEquals(0x003D, CATALOG.parseCode(spelling));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "0x", "x3D", "0x10000", "12345", "0x00,", ",0x3D", "0x000,0x3D", "00,3D",
      "0x00,0x3D,0x00", "0x3D extra", "+3D", "-1", "xyz", "AES256-SHA257", "TLS_RSA_WITH_AES_256_CBC_SHA256X",
      "UNKNOWN_0x003D", "UNKNOWN_0x3D", "UNKNOWN_0x12345", "UNKNOWN_", "GREASE_0x1234", "GREASE_0x0A0A0",
      "\u0663\u0664", "\uFF13\uFF24"})
  void invalidSpellingsAreRejected(String spelling) {
    assertTrue(CATALOG.lookup(spelling).isEmpty(), spelling);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CATALOG.parseCode(spelling));
    assertTrue(e.getMessage().startsWith("Unknown cipher suite '" + spelling.trim() + "'"), e.getMessage());
  }

  @Test
  void parseCodeErrorNamesTheEntryAndExplainsTheFormats() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CATALOG.parseCode(" xyz "));
    assertEquals("Unknown cipher suite 'xyz': use an IANA code like 0x003D or 0x00,0x3D, an IANA name like "
        + "TLS_RSA_WITH_AES_256_CBC_SHA256 or an OpenSSL name like AES256-SHA256", e.getMessage());
    assertTrue(CATALOG.lookup(null).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> CATALOG.parseCode(null));
  }

  @Test
  void unassignedHexCodesAreAcceptedAsUnknown() {
    assertEquals("UNKNOWN_0x1234", CATALOG.lookup("0x1234").orElseThrow().ianaName());
    assertEquals(0xCAFE, CATALOG.parseCode("cafe"));
    assertEquals(0xFFFF, CATALOG.parseCode("0xFF, 0xFF"));
  }

  @Test
  void hexIsUpperCaseWithFourDigits() {
    assertEquals("0x003D", CATALOG.byCode(0x003D).hex());
    assertEquals("0xC02F", CATALOG.byCode(0xC02F).hex());
    assertEquals("0x0000", CATALOG.byCode(0).hex());
    assertEquals("0xFFFF", CATALOG.byCode(0xFFFF).hex());
  }

  @Test
  void standardIsLoadedOnceAndShared() throws InterruptedException {
    CipherCatalog[] seen = new CipherCatalog[4];
    Thread[] threads = new Thread[seen.length];
    for (int i = 0; i < threads.length; i++) {
      int slot = i;
      threads[i] = new Thread(() -> seen[slot] = CipherCatalog.standard());
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    for (CipherCatalog c : seen) {
      assertSame(CATALOG, c);
    }
  }
}
