package io.cipherwatch.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.HandshakeOutcome;
import io.cipherwatch.policy.DeadLetterReason;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonInputTest {
  private static final String BASE = "\"edgeId\":\"e1\",\"trunkId\":\"t1\",\"direction\":\"INBOUND\","
      + "\"timestamp\":1772445600000";

  private final JsonInput in = new JsonInput();

  private HandshakeEvent event(String line) throws InputException {
    return in.event(line, 7);
  }

  private DeadLetterReason rejected(String line) {
    return assertThrows(InputException.class, () -> event(line), line).reason();
  }

  @Test
  void readsEveryFieldInAnyOrderWithTheLenientForms() throws Exception {
    HandshakeEvent e = event("{\"callId\":\"c\",\"negotiatedCipherSuite\":\"0xC028\",\"sni\":\"sip.example\","
        + "\"offeredCipherSuites\":[49200,\"0x003D\",\"0x00,0x2F\",\"TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384\","
        + "\"AES256-SHA256\",null,\"\",[1],{\"a\":1}],\"outcome\":\"established\",\"direction\":\"out\","
        + "\"timestamp\":\"2026-03-02T10:05:00.250Z\",\"trunkId\":\"t9\",\"edgeId\":\"e2\",\"eventId\":\"id-1\","
        + "\"protocolVersion\":\"TLSv1.2\",\"failureReason\":null,\"remoteAddress\":\"192.0.2.1:5061\","
        + "\"remoteUserAgent\":\"SBC/1\",\"extra\":{\"nested\":[1,{\"x\":[]}]}}");
    assertEquals("id-1", e.getEventId());
    assertEquals("e2", e.getEdgeId());
    assertEquals("t9", e.getTrunkId());
    assertEquals(Direction.OUTBOUND, e.getDirection());
    assertEquals(Instant.parse("2026-03-02T10:05:00.250Z"), e.getTimestamp());
    assertEquals("TLSv1.2", e.getProtocolVersion());
    assertEquals(List.of(0xC030, 0x003D, 0x002F, 0xC028, 0x003D), e.getOfferedCipherSuites(),
        "null, empty and container elements are skipped");
    assertEquals(0xC028, e.getNegotiatedCipherSuite());
    assertEquals(HandshakeOutcome.ESTABLISHED, e.getOutcome());
    assertNull(e.getFailureReason());
    assertEquals("192.0.2.1:5061", e.getRemoteAddress());
    assertEquals("sip.example", e.getSni());
    assertEquals("SBC/1", e.getRemoteUserAgent());
    assertEquals("c", e.getCallId());
  }

  @Test
  void absentFieldsGetTheirDefaultsAndAGeneratedIdThatDependsOnTheLine() throws Exception {
    String line = "{" + BASE + "}";
    HandshakeEvent e = event(line);
    assertEquals("unknown", e.getProtocolVersion());
    assertEquals(List.of(), e.getOfferedCipherSuites());
    assertNull(e.getNegotiatedCipherSuite());
    assertEquals(HandshakeOutcome.FAILED, e.getOutcome(), "no outcome and no cipher: failed");
    assertEquals(e.getEventId(), event(line).getEventId(), "the same line and number give the same id");
    assertNotEquals(e.getEventId(), in.event(line, 8).getEventId());
    HandshakeEvent chosen = event("{" + BASE + ",\"negotiatedCipherSuite\":49200}");
    assertEquals(HandshakeOutcome.ESTABLISHED, chosen.getOutcome(), "no outcome but a cipher: established");
    HandshakeEvent blank = event("{\"direction\":\"in\",\"timestamp\":\"1772445600000\"}");
    assertEquals("", blank.getTrunkId());
    assertEquals("", blank.getEdgeId());
    assertEquals(1772445600000L, blank.getTimestamp().toEpochMilli(), "epoch millis as text");
  }

  @Test
  void scalarsOfOtherTypesAreReadAsTheirTextAndTheLastDuplicateWins() throws Exception {
    HandshakeEvent e = event("{" + BASE + ",\"trunkId\":12345678901234567890123,\"edgeId\":true,"
        + "\"callId\":1.5,\"sni\":{\"a\":1},\"offeredCipherSuites\":[1],\"offeredCipherSuites\":\"AES256-SHA256\"}");
    assertEquals("12345678901234567890123", e.getTrunkId());
    assertEquals("true", e.getEdgeId());
    assertEquals("1.5", e.getCallId());
    assertEquals("", e.getSni(), "an object's text is empty");
    assertEquals(List.of(0x003D), e.getOfferedCipherSuites());
    assertEquals(List.of(0xC030), event("{" + BASE + ",\"offeredCipherSuites\":\"x\","
        + "\"offeredCipherSuites\":[49200]}").getOfferedCipherSuites());
  }

  @Test
  void eachFaultHasItsReason() {
    Map<String, DeadLetterReason> lines = new LinkedHashMap<>();
    for (String bad : List.of("not json", "[1,2]", "null", "{\"trunkId\":", "{\"trunkId\":\"t1\"",
        "{\"offeredCipherSuites\":[1,2", "{\"extra\":{\"a\":[1,}}," + BASE + "}")) {
      lines.put(bad, DeadLetterReason.BAD_JSON);
    }
    lines.put("{\"timestamp\":1}", DeadLetterReason.MISSING_FIELD);
    lines.put("{\"direction\":\"sideways\",\"timestamp\":1}", DeadLetterReason.BAD_DIRECTION);
    lines.put("{\"direction\":\"in\",\"timestamp\":null}", DeadLetterReason.MISSING_FIELD);
    lines.put("{\"direction\":\"in\",\"timestamp\":\"yesterday\"}", DeadLetterReason.BAD_TIMESTAMP);
    lines.put("{\"direction\":\"in\",\"timestamp\":1.5}", DeadLetterReason.BAD_TIMESTAMP);
    lines.put("{" + BASE + ",\"offeredCipherSuites\":[\"NOPE\"]}", DeadLetterReason.BAD_CIPHER_SUITE);
    lines.put("{" + BASE + ",\"offeredCipherSuites\":\"A:NOPE\"}", DeadLetterReason.BAD_CIPHER_SUITE);
    lines.put("{" + BASE + ",\"negotiatedCipherSuite\":\"NOPE\"}", DeadLetterReason.BAD_CIPHER_SUITE);
    lines.put("{" + BASE + ",\"outcome\":\"maybe\"}", DeadLetterReason.BAD_OUTCOME);
    lines.forEach((line, reason) -> assertEquals(reason, rejected(line), line));
  }

  @Test
  void aLineWithSeveralFaultsIsRejectedForTheFirstInFieldOrderWhereverTheyStand() {
    InputException e = assertThrows(InputException.class, () -> event(
        "{\"outcome\":\"maybe\",\"offeredCipherSuites\":[\"NOPE\"],\"timestamp\":\"x\",\"direction\":\"up\"}"));
    assertEquals(DeadLetterReason.BAD_DIRECTION, e.reason());
    assertTrue(e.getMessage().contains("'up'"), e.getMessage());
    assertEquals(DeadLetterReason.BAD_TIMESTAMP, rejected(
        "{\"outcome\":\"maybe\",\"offeredCipherSuites\":[\"NOPE\"],\"timestamp\":\"x\",\"direction\":\"in\"}"));
    assertEquals(DeadLetterReason.BAD_CIPHER_SUITE, rejected(
        "{\"outcome\":\"maybe\",\"negotiatedCipherSuite\":\"NOPE\",\"offeredCipherSuites\":[\"NOPE\"]," + BASE + "}"));
  }

  @Test
  void aRejectedLineLeavesNothingForTheNext() throws Exception {
    rejected("{" + BASE + ",\"offeredCipherSuites\":[49200,\"NOPE\"],\"sni\":\"a\"}");
    HandshakeEvent e = event("{" + BASE + "}");
    assertEquals(List.of(), e.getOfferedCipherSuites());
    assertNull(e.getSni());
  }
}
