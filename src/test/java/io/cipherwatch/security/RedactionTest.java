package io.cipherwatch.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void urlsLoseTheirUserInfoEvenWhenMalformed() {
    assertNull(Redaction.urls(null));
    assertEquals("https://registry:8081/apis/ccompat/v6", Redaction.urls("https://svc:pw@registry:8081/apis/ccompat/v6"));
    assertEquals("https://registry:8081", Redaction.urls("https://registry:8081"));
    assertEquals("https://registry:8081/x", Redaction.urls("https://svc:p@s/s,w?d#@registry:8081/x"));
    assertEquals("http://a:1,https://b:2/p", Redaction.urls("http://u:p@a:1,https://v:q,r@b:2/p"));
    assertEquals("https://", Redaction.urls("https://svc:secret@"));
    assertEquals("registry:8081", Redaction.urls("svc:secret@registry:8081"));
    assertEquals("mock://scope", Redaction.urls("mock://scope"));
  }
}
