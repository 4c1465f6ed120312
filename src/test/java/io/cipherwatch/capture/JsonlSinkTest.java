package io.cipherwatch.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.HandshakeOutcome;
import io.cipherwatch.replay.JsonInput;
import io.cipherwatch.json.JsonOutput;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonlSinkTest {
  @Test
  void writesExactlyTheReplayFormat() throws Exception {
    HandshakeEvent ok = new HandshakeEvent("id-1", "edge", "t1", Direction.INBOUND, Instant.ofEpochMilli(1_767_225_600_123L),
        "TLSv1.2", List.of(0x0A0A, 0x003D, 0xC028), 0x003D, HandshakeOutcome.ESTABLISHED, null, "192.0.2.1:40000",
        "sip.\"quoted\".example", null, null);
    HandshakeEvent failed = new HandshakeEvent("id-2", "edge", "ip:2001:db8::1", Direction.OUTBOUND,
        Instant.ofEpochMilli(0), "TLSv1.3", List.of(0x1301), null, HandshakeOutcome.FAILED, "handshake_failure",
        "[2001:db8::1]:5061", null, null, null);
    StringWriter w = new StringWriter();
    try (JsonlSink sink = new JsonlSink(w)) {
      sink.accept(ok);
      sink.accept(failed);
    }
    assertEquals(JsonOutput.line(ok) + "\n" + JsonOutput.line(failed) + "\n", w.toString());
    String[] lines = w.toString().split("\n");
    JsonInput in = new JsonInput();
    assertEquals(ok, in.event(lines[0], 1));
    assertEquals(failed, in.event(lines[1], 2));
  }
}
