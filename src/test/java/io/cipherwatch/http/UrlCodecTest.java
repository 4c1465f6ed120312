package io.cipherwatch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UrlCodecTest {

  @Test
  void segmentsRoundTripIncludingSlashesSpacesPlusAndUnicode() {
    for (String id : List.of("trunk-1", "acme/lab trunk", "a+b", "50%", "Zürich|INBOUND", "~._-")) {
      String encoded = UrlCodec.encodeSegment(id);
      assertFalse(encoded.contains("/") || encoded.contains(" ") || encoded.contains("|"), encoded);
      assertEquals(id, UrlCodec.decodeSegment(encoded));
    }
    assertEquals("acme%2Flab%20trunk", UrlCodec.encodeSegment("acme/lab trunk"));
    assertEquals("a+b", UrlCodec.decodeSegment("a+b"), "+ is literal in a path");
  }

  @Test
  void malformedPercentEncodingIsABadRequest() {
    for (String raw : List.of("50%", "%4", "%zz")) {
      BadRequestException e = assertThrows(BadRequestException.class, () -> UrlCodec.decodeSegment(raw));
      assertTrue(e.getMessage().contains("%25"), e.getMessage());
    }
  }

  @Test
  void queryIsDecodedAndOrdered() {
    Set<String> allowed = new LinkedHashSet<>(List.of("state", "type", "local"));
    assertEquals(Map.of(), UrlCodec.parseQuery(null, allowed, "/x"));
    assertEquals(Map.of(), UrlCodec.parseQuery("", allowed, "/x"));
    Map<String, String> q = UrlCodec.parseQuery("state=OPEN&type=a%20b+c&&local=true", allowed, "/x");
    assertEquals(List.of("state", "type", "local"), List.copyOf(q.keySet()));
    assertEquals("a b c", q.get("type"));
  }

  @Test
  void unknownRepeatedOrEmptyParametersAreRejectedNamingWhatIsAllowed() {
    Set<String> allowed = new LinkedHashSet<>(List.of("state", "severity"));
    BadRequestException unknown = assertThrows(BadRequestException.class,
        () -> UrlCodec.parseQuery("stat=OPEN", allowed, "/api/alerts"));
    assertEquals("Unknown query parameter for /api/alerts: allowed are state, severity", unknown.getMessage());
    assertTrue(assertThrows(BadRequestException.class,
        () -> UrlCodec.parseQuery("state=OPEN&state=RESOLVED", allowed, "/api/alerts")).getMessage().contains("twice"));
    assertTrue(assertThrows(BadRequestException.class,
        () -> UrlCodec.parseQuery("state=", allowed, "/api/alerts")).getMessage().contains("needs a value"));
    assertTrue(assertThrows(BadRequestException.class,
        () -> UrlCodec.parseQuery("state", allowed, "/api/alerts")).getMessage().contains("needs a value"));
    assertTrue(assertThrows(BadRequestException.class,
        () -> UrlCodec.parseQuery("x=1", Set.of(), "/health")).getMessage().contains("allowed are none"));
    assertTrue(assertThrows(BadRequestException.class,
        () -> UrlCodec.parseQuery("state=%G1", allowed, "/api/alerts")).getMessage().contains("percent-encoding"));
  }

  @Test
  void localFlag() {
    assertFalse(UrlCodec.localFlag(Map.of()));
    assertFalse(UrlCodec.localFlag(Map.of("local", "false")));
    assertTrue(UrlCodec.localFlag(Map.of("local", "TRUE")));
    assertEquals("Query parameter 'local' must be true or false",
        assertThrows(BadRequestException.class, () -> UrlCodec.localFlag(Map.of("local", "yes"))).getMessage());
  }
}
