package io.cipherwatch.bench.jmh;

import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.RiskLevel;
import io.cipherwatch.serde.AvroSerde;
import io.cipherwatch.serde.MockSchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
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
  private final SpecificDatumWriter<HandshakeEvent> avroWriter = new SpecificDatumWriter<>(HandshakeEvent.class);
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
  private final SpecificDatumWriter<CipherUsage> usageWriter = new SpecificDatumWriter<>(CipherUsage.class);
  private AvroSerde<CipherUsage> usageSerde;
  private CipherUsage usage;

  @Setup
  public void setUp() {
    serde = new AvroSerde<>(HandshakeEvent.class);
    serde.configure(Map.of("schema.registry.url", "mock://" + SCOPE), false);
    List<HandshakeEvent> list = Samples.events();
    events = list.toArray(new HandshakeEvent[0]);
    usageSerde = new AvroSerde<>(CipherUsage.class);
    usageSerde.configure(Map.of("schema.registry.url", "mock://" + SCOPE), false);
    Map<String, Long> ciphers = new LinkedHashMap<>();
    ciphers.put("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", 812L);
    ciphers.put("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", 97L);
    ciphers.put("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", 31L);
    usage = new CipherUsage("trunk-004711", Direction.INBOUND, Instant.ofEpochMilli(Samples.START),
        Instant.ofEpochMilli(Samples.START + 3_600_000L), 943L, 940L, 3L, 31L, 31 / 940.0, 0L, 0.0, 0L, 909L, 31L,
        0L, ciphers, RiskLevel.WARNING, "Acme Voice SBC 1", "org-0588", "Acme Corp", "Carrier A", "eu-west",
        "PREMISES", "noc@acme.example", 3L);
    encoded = new byte[events.length][];
    for (int k = 0; k < events.length; k++) {
      encoded[k] = serde.serializer().serialize(TOPIC, events[k]);
    }
  }

  @TearDown
  public void tearDown() {
    serde.close();
    usageSerde.close();
    MockSchemaRegistry.drop(SCOPE);
  }

  /** HandshakeEvent to wire-format bytes. */
  @Benchmark
  public byte[] serialize() {
    return serde.serializer().serialize(TOPIC, events[i++ & (Samples.SIZE - 1)]);
  }

  /** The same encoding with Avro's own {@link SpecificDatumWriter} (no header): what the serializer used to do. */
  @Benchmark
  public byte[] serializeWithSpecificDatumWriter() throws IOException {
    buffer.reset();
    BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(buffer, null);
    avroWriter.write(events[i++ & (Samples.SIZE - 1)], enc);
    return buffer.toByteArray();
  }

  /** A CipherUsage output row (logical-type timestamps, a map, metadata strings) to wire-format bytes. */
  @Benchmark
  public byte[] serializeUsage() {
    return usageSerde.serializer().serialize("cipher-usage", usage);
  }

  /** The same row with Avro's own {@link SpecificDatumWriter} (no header). */
  @Benchmark
  public byte[] serializeUsageWithSpecificDatumWriter() throws IOException {
    buffer.reset();
    BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(buffer, null);
    usageWriter.write(usage, enc);
    return buffer.toByteArray();
  }

  /** Wire-format bytes to a HandshakeEvent. */
  @Benchmark
  public HandshakeEvent deserialize() {
    return serde.deserializer().deserialize(TOPIC, encoded[i++ & (Samples.SIZE - 1)]);
  }
}
