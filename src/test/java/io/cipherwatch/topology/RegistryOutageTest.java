package io.cipherwatch.topology;

import static io.cipherwatch.topology.TopologyFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.HandshakeEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The schema registry goes down while records written with a schema version this instance has not seen yet
 * arrive: they are parked in order (nothing is dead-lettered, nothing is emitted, the thread does not fail), and
 * when the registry is back they are processed with the same outputs as a run without the outage.
 */
class RegistryOutageTest {
  static final Direction IN = Direction.INBOUND;
  static final List<Integer> MODERN = List.of(0xC02F, 0xC030);
  static final List<Integer> ONLY = List.of(0x003D, 0x002F);
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private TopologyFixture fixture(Map<String, String> more, TopologyMetrics metrics) {
    Map<String, String> m = new HashMap<>(Map.of("cipherwatch.usage.window.size", "PT10M",
        "cipherwatch.usage.window.advance", "PT10M", "cipherwatch.usage.window.grace", "PT1M"));
    m.putAll(more);
    TopologyFixture f = new TopologyFixture(m, metrics);
    open.add(f);
    return f;
  }

  static Instant at(int minutes) {
    return T0.plus(Duration.ofMinutes(minutes));
  }

  /** The warm-up (v1, registry up) and the events sent during the outage, the same for both runs. */
  private static List<HandshakeEvent> outageEvents(TopologyFixture f) {
    List<HandshakeEvent> events = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String trunk = "t" + (i % 4);
      boolean deprecated = i % 7 == 0;
      events.add(f.event(trunk, i % 3 == 0 ? Direction.OUTBOUND : IN, at(31 + i % 25).plusSeconds(i),
          deprecated ? ONLY : MODERN, deprecated ? 0x003D : 0xC02F).setEventId("o-" + i).build());
    }
    return events;
  }

  private static void warmUp(TopologyFixture f) {
    // every output type is written once while the registry is up (producers cache their schema ids)
    f.send(f.event("t0", IN, at(1), ONLY, 0x003D).setEventId("w-1").build());
    f.send(f.event("t1", IN, at(2), MODERN, 0xC02F).setEventId("w-2").build());
    f.sendRaw("t9".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3});
    f.tick(at(20));
  }

  @Test
  void recordsWaitInOrderWhileTheRegistryIsDownAndOutputsEqualAnUndisturbedRun() throws Exception {
    // reference: no outage
    TopologyFixture ref = fixture(Map.of(), TopologyMetrics.NONE);
    warmUp(ref);
    for (HandshakeEvent e : outageEvents(ref)) {
      ref.send(e);
    }
    ref.tick(at(70));

    SwitchableRegistry registry = new SwitchableRegistry();
    open.add(registry);
    AtomicLong unavailable = new AtomicLong();
    AtomicLong parkedNow = new AtomicLong();
    TopologyMetrics metrics = new TopologyMetrics() {
      @Override
      public void registryUnavailable() {
        unavailable.incrementAndGet();
      }

      @Override
      public void parked(int partition, long parked) {
        parkedNow.set(parked);
      }
    };
    TopologyFixture f = fixture(Map.of("schema.registry.url", registry.url(), "max.retries", "0",
        "schema.registry.request.timeout.ms", "2000"), metrics);
    warmUp(f);
    int v2 = registry.register(SwitchableRegistry.HANDSHAKE_V2);

    registry.down(true);
    List<HandshakeEvent> events = outageEvents(f);
    for (HandshakeEvent e : events) {
      f.input.pipeInput(new TestRecord<>(e.getTrunkId().getBytes(StandardCharsets.UTF_8), SwitchableRegistry.v2Frame(v2, e),
          e.getTimestamp()));
    }
    f.tick(at(70));
    KeyValueStore<Bytes, byte[]> parked = f.driver.getKeyValueStore(StoreNames.PARKED_HANDSHAKES);
    assertEquals(events.size() + 1, count(parked), "every record after the first failure waits, ticks too");
    assertEquals(events.size() + 1, parkedNow.get());
    for (int i = 0; i < 5; i++) {
      f.driver.advanceWallClockTime(Duration.ofSeconds(3));
    }
    assertTrue(unavailable.get() >= 3, "retried with backoff: " + unavailable.get());
    assertEquals(events.size() + 1, count(parked));

    registry.down(false);
    f.driver.advanceWallClockTime(Duration.ofSeconds(11));
    // each punctuation drains for at most 200 ms, then lets the thread poll and commit
    for (int i = 0; i < 100 && count(parked) > 0; i++) {
      f.driver.advanceWallClockTime(IntakeProcessor.RETRY_CHECK);
    }
    assertEquals(0, count(parked), "drained once the registry answers");
    assertEquals(0, parkedNow.get());

    assertEquals(strings(ref.usage.readValuesToList()), strings(f.usage.readValuesToList()));
    assertEquals(strings(ref.fleet.readValuesToList()), strings(f.fleet.readValuesToList()));
    assertEquals(strings(ref.alerts.readValuesToList()), strings(f.alerts.readValuesToList()));
    // the same dead letters (the warm-up's garbage, the scenario's LATE events), none for the outage; each names
    // its source record, also when it was parked and processed in a punctuation
    List<String> reasons = new ArrayList<>();
    f.deadLetters.readValuesToList().forEach(d -> reasons.add(d.getReason() + " " + d.getEventId() + " "
        + d.getTopic() + "/" + d.getPartition() + "/" + d.getOffset()));
    List<String> expected = new ArrayList<>();
    ref.deadLetters.readValuesToList().forEach(d -> expected.add(d.getReason() + " " + d.getEventId() + " "
        + d.getTopic() + "/" + d.getPartition() + "/" + d.getOffset()));
    assertTrue(expected.stream().anyMatch(r -> r.startsWith("LATE")), expected.toString());
    assertEquals(expected, reasons);
    assertTrue(reasons.stream().noneMatch(r -> r.startsWith("REGISTRY")), reasons.toString());
  }

  @Test
  void aRegistryRefusingTheInstanceIsAConfigurationErrorNotTheRecordsFault() throws Exception {
    TopologyFixture ref = fixture(Map.of(), TopologyMetrics.NONE);
    warmUp(ref);
    for (HandshakeEvent e : outageEvents(ref)) {
      ref.send(e);
    }
    ref.tick(at(70));
    SwitchableRegistry registry = new SwitchableRegistry();
    open.add(registry);
    List<String> refusals = new ArrayList<>();
    AtomicLong parkedNow = new AtomicLong();
    TopologyMetrics metrics = new TopologyMetrics() {
      @Override
      public void registryMisconfigured(String message) {
        refusals.add(message);
      }

      @Override
      public void parked(int partition, long parked) {
        parkedNow.set(parked);
      }
    };
    TopologyFixture f = fixture(Map.of("schema.registry.url", registry.url(), "max.retries", "0",
        "schema.registry.request.timeout.ms", "2000"), metrics);
    warmUp(f);
    int v2 = registry.register(SwitchableRegistry.HANDSHAKE_V2);
    List<HandshakeEvent> events = outageEvents(f);
    registry.refusing(true);
    for (HandshakeEvent e : events) {
      f.input.pipeInput(new TestRecord<>(e.getTrunkId().getBytes(StandardCharsets.UTF_8),
          SwitchableRegistry.v2Frame(v2, e), e.getTimestamp()));
    }
    KeyValueStore<Bytes, byte[]> parked = f.driver.getKeyValueStore(StoreNames.PARKED_HANDSHAKES);
    assertEquals(events.size(), count(parked), "401 parks the records like an outage");
    assertTrue(!refusals.isEmpty() && refusals.get(0).contains("401"), refusals.toString());

    registry.refusing(false);
    for (int i = 0; i < 100 && count(parked) > 0; i++) {
      f.driver.advanceWallClockTime(Duration.ofSeconds(11));
    }
    assertEquals(0, count(parked), "drained once the registry accepts the instance");
    assertEquals(0, parkedNow.get());
    // (read only now: the test's own output deserializers use the registry too)
    List<String> reasons = new ArrayList<>();
    f.deadLetters.readValuesToList().forEach(d -> reasons.add(d.getReason() + " " + d.getEventId()));
    List<String> expected = new ArrayList<>();
    ref.deadLetters.readValuesToList().forEach(d -> expected.add(d.getReason() + " " + d.getEventId()));
    assertEquals(expected, reasons, "no record is blamed for the registry's refusal");
    f.tick(at(70));
    assertEquals(strings(ref.usage.readValuesToList()), strings(f.usage.readValuesToList()));
  }

  private static long count(KeyValueStore<Bytes, byte[]> store) {
    long n = 0;
    try (var it = store.all()) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    return n;
  }

  private static <T> List<String> strings(List<T> values) {
    List<String> s = new ArrayList<>();
    values.forEach(v -> s.add(v.toString()));
    return s;
  }
}
