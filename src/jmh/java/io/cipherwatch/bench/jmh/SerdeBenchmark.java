package io.cipherwatch.bench.jmh;

import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.serde.AvroSerde;
import io.cipherwatch.serde.MockSchemaRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** The registry-backed Avro serde on a HandshakeEvent (Confluent wire format, mock registry). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SerdeBenchmark {
  private static final String TOPIC = "tls-handshakes";
  private static final String SCOPE = "jmh-serde";

  private AvroSerde<HandshakeEvent> serde;
  private HandshakeEvent[] events;
  private byte[][] encoded;
  private int i;

  @Setup
  public void setUp() {
    serde = new AvroSerde<>(HandshakeEvent.class);
    serde.configure(Map.of("schema.registry.url", "mock://" + SCOPE), false);
    List<HandshakeEvent> list = Samples.events();
    events = list.toArray(new HandshakeEvent[0]);
    encoded = new byte[events.length][];
    for (int k = 0; k < events.length; k++) {
      encoded[k] = serde.serializer().serialize(TOPIC, events[k]);
    }
  }

  @TearDown
  public void tearDown() {
    serde.close();
    MockSchemaRegistry.drop(SCOPE);
  }

  /** HandshakeEvent to wire-format bytes. */
  @Benchmark
  public byte[] serialize() {
    return serde.serializer().serialize(TOPIC, events[i++ & (Samples.SIZE - 1)]);
  }

  /** Wire-format bytes to a HandshakeEvent. */
  @Benchmark
  public HandshakeEvent deserialize() {
    return serde.deserializer().deserialize(TOPIC, encoded[i++ & (Samples.SIZE - 1)]);
  }
}
