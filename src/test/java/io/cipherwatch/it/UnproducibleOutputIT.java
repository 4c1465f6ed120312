package io.cipherwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.app.CipherwatchApp;
import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.DeadLetter;
import io.cipherwatch.avro.DeprecationAlert;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.HandshakeOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * Under exactly-once on the real broker, an output record larger than the producer's {@code max.request.size}
 * becomes an {@code UNPRODUCIBLE_OUTPUT} dead letter; the instance keeps running and the other outputs are exact.
 */
class UnproducibleOutputIT {
  static final long MIN = 60_000L;

  @Test
  void anOversizedAlertIsDeadLetteredAndTheInstanceKeepsRunning() throws Exception {
    try (StreamsCluster c = new StreamsCluster(1, Map.of("producer.max.request.size", "3000",
        "cipherwatch.usage.window.size", "PT10M", "cipherwatch.usage.window.advance", "PT10M",
        "cipherwatch.usage.window.grace", "PT1M"))) {
      try (CipherwatchApp app = c.startApp(null)) {
        long start = Math.floorDiv(System.currentTimeMillis() - 5 * 60 * MIN, 60 * MIN) * 60 * MIN;
        List<Integer> bigOffer = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
          bigOffer.add(0xC000 + i);
        }
        bigOffer.add(0x003D);
        // an offer of 151 suites choosing a deprecated one: its alert lists every suite by name (> 3000 bytes)
        c.send(event("big", "trunk-big", start, 0x003D, bigOffer));
        for (int i = 0; i < 20; i++) {
          c.send(event("ok-" + i, "trunk-" + i % 4, start + i * 1000, 0xC02F, List.of(0xC02F)));
        }
        c.tick(start + 30 * MIN, 1);
        c.flush();
        List<CipherUsage> rows = c.readUntil(c.topic("usage"), CipherUsage.class, l -> l.size() >= 5,
            Duration.ofSeconds(60));
        List<DeadLetter> dls = c.readUntil(c.topic("dlq"), DeadLetter.class, l -> !l.isEmpty(),
            Duration.ofSeconds(30));
        List<DeprecationAlert> alerts = c.readUntil(c.topic("alerts"), DeprecationAlert.class, l -> false,
            Duration.ofSeconds(3));
        assertEquals(KafkaStreams.State.RUNNING, app.streams().state());
        assertEquals(5, rows.size(), rows.toString());
        assertEquals(21, rows.stream().mapToLong(CipherUsage::getHandshakes).sum());
        assertEquals(1, dls.size(), dls.toString());
        assertEquals("UNPRODUCIBLE_OUTPUT", dls.get(0).getReason());
        assertTrue(dls.get(0).getMessage().contains("OutputTooLargeException"), dls.get(0).getMessage());
        byte[] original = new byte[dls.get(0).getOriginalValue().remaining()];
        dls.get(0).getOriginalValue().duplicate().get(original);
        assertTrue(new String(original, StandardCharsets.ISO_8859_1).contains("big"), "the input record's bytes");
        assertEquals(0, alerts.size(), "the oversized alert is not written");
      }
    }
  }

  private static HandshakeEvent event(String id, String trunk, long ts, Integer chosen, List<Integer> offer) {
    return HandshakeEvent.newBuilder().setEventId(id).setEdgeId("edge").setTrunkId(trunk)
        .setDirection(Direction.INBOUND).setTimestamp(Instant.ofEpochMilli(ts)).setProtocolVersion("TLSv1.2")
        .setOfferedCipherSuites(offer).setNegotiatedCipherSuite(chosen)
        .setOutcome(HandshakeOutcome.ESTABLISHED).build();
  }
}
