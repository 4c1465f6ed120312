package io.cipherwatch.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogLoaderTest {

  private static final String HEADER = "Value,Description,DTLS-OK,Recommended,Reference\n";

  private static CipherCatalog load(String csv, String openssl) throws IOException {
    return CatalogLoader.load(new StringReader(HEADER + csv), new StringReader(openssl));
  }

  @Test
  void csvReaderHandlesQuotedCommasLineBreaksAndDoubledQuotes() throws IOException {
    List<List<String>> records = CatalogLoader.Csv.parse(new StringReader(
        "a,\"b,c\",\"d\r\ne\",\"say \"\"hi\"\"\",\r\n\n\"x\",y"));
    assertEquals(List.of(List.of("a", "b,c", "d\r\ne", "say \"hi\"", ""), List.of("x", "y")), records);
  }

  @Test
  void csvReaderRejectsAnUnterminatedQuote() {
    assertThrows(IllegalStateException.class, () -> CatalogLoader.Csv.parse(new StringReader("\"a,b\nc")));
  }

  @Test
  void rangesReservedAndUnassignedRowsAreNotEntries() throws IOException {
    CipherCatalog catalog = load("""
        "0x00,0x3D",TLS_RSA_WITH_AES_256_CBC_SHA256,Y,N,[RFC5246]
        "0x00,0x47-4F","Reserved to avoid conflicts with
        deployed implementations",,,[Pasi_Eronen]
        "0x01-09,*",Unassigned,,,
        "0x0A,0x0A",Reserved,Y,N,[RFC8701]
        "0x13,0x00",Unassigned,,,
        "0xC0,0x2F",TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,Y,Y,[RFC5289]
        """, "# comment\n\n0x003D TLS_RSA_WITH_AES_256_CBC_SHA256 AES256-SHA256\n");
    assertEquals(List.of(0x003D, 0xC02F), catalog.assigned().stream().map(CipherSuite::code).toList());
    assertEquals("AES256-SHA256", catalog.opensslName(0x003D));
    assertNull(catalog.opensslName(0xC02F));
    assertTrue(catalog.byCode(0xC02F).recommended());
    assertEquals("UNKNOWN_0x0048", catalog.ianaName(0x0048));
    assertEquals("UNKNOWN_0x1300", catalog.ianaName(0x1300));
    assertEquals("GREASE_0x0A0A", catalog.ianaName(0x0A0A));
  }

  @Test
  void singleCodeParsesPairsAndSkipsRanges() {
    assertEquals(0xC02F, CatalogLoader.singleCode("0xC0,0x2F"));
    assertEquals(-1, CatalogLoader.singleCode("0x00,0x47-4F"));
    assertEquals(-1, CatalogLoader.singleCode("0x01-09,*"));
    assertThrows(IllegalStateException.class, () -> CatalogLoader.singleCode("0xC02F"));
    assertThrows(IllegalStateException.class, () -> CatalogLoader.singleCode("0xC0,0xZZ"));
  }

  @Test
  void duplicateCodesAreRejected() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> load("""
        "0x00,0x3D",TLS_RSA_WITH_AES_256_CBC_SHA256,Y,N,[RFC5246]
        "0x00,0x3D",TLS_SOMETHING_ELSE,Y,N,[RFC5246]
        """, ""));
    assertTrue(e.getMessage().contains("0x003D"), e.getMessage());
  }

  @Test
  void ambiguousNamesAreRejected() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> load("""
        "0x00,0x3C",TLS_RSA_WITH_AES_128_CBC_SHA256,Y,N,[RFC5246]
        "0x00,0x3D",TLS_RSA_WITH_AES_256_CBC_SHA256,Y,N,[RFC5246]
        """, "0x003D TLS_RSA_WITH_AES_256_CBC_SHA256 TLS_RSA_WITH_AES_128_CBC_SHA256\n"));
    assertTrue(e.getMessage().contains("ambiguous"), e.getMessage());
  }

  @Test
  void opensslNamesForUnassignedCodesAreRejected() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> load("""
        "0x00,0x3D",TLS_RSA_WITH_AES_256_CBC_SHA256,Y,N,[RFC5246]
        """, "0x1234 TLS_MADE_UP MADE-UP\n"));
    assertTrue(e.getMessage().contains("MADE-UP"), e.getMessage());
  }

  @Test
  void malformedOpensslLinesAreRejectedWithTheLineNumber() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> load("", "# header\n0x3D AES256-SHA256\n"));
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
  }
}
