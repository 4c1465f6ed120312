package io.cipherwatch.chaos;

import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.HandshakeOutcome;
import io.cipherwatch.avro.TrunkMetadata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The chaos test's input: handshakes of a fleet of trunks whose TLS behaviour changes in phases (so alerts open,
 * resolve and regress), timestamped with the wall clock at production, plus poison records of every kind the
 * README names. Records are encoded here in the Confluent wire format with schema ids registered by the test
 * (not with cipherwatch's serializer). A poison record carries the header {@value #EXPECT_HEADER} with the
 * dead-letter reasons it may get (comma-separated); the checker reads expectations back from the topic.
 */
final class ChaosWorkload {
  static final String EXPECT_HEADER = "chaos-expect";
  static final int TRUNKS = 120;
  /** Trunks with metadata from the start; the rest get theirs in the mid-run update. */
  static final int KNOWN_TRUNKS = 100;
  /** Trunks whose metadata changes in the mid-run update. */
  static final int RENAMED_TRUNKS = 30;
  static final int GREASE_A = 0x0A0A;
  static final int GREASE_B = 0x7A7A;
  static final int UNKNOWN_SCHEMA_ID = 987_654;
  /** An extra field (after all others) of the second writer schema, used from the registry freeze on. */
  static final String V2_FIELD = "chaosNote";

  /** Inbound TLS behaviour of a remote SBC in one phase. */
  private enum InboundMode {
    MODERN(0xC02F, 0xC030, 0x009C), HYGIENE(0xC030, 0x003D), PREFERS(0xC028, 0xC030, 0x002F),
    LEGACY(0x003D, 0x002F), FLAKY(0xC02F, 0xC030);

    final int[] core;

    InboundMode(int... core) {
      this.core = core;
    }
  }

  private static final int[] EXTRA = {0x1301, 0x0035, 0x009D, 0xC014, 0x002F, 0x1302};
  private static final int[] PLATFORM_OFFER = {0xC030, 0xC02F, 0xC028, 0x003D};
  private static final int[] SUPPORTED = {0x0035, 0x003D, 0x009C, 0x009D, 0xC014, 0xC028, 0xC02F, 0xC030};

  private final Random random;
  private final String inputTopic;
  private final int v1Id;
  private final int v2Id;
  private final long[] phaseEnds = new long[TRUNKS * 2];
  private final int[] modes = new int[TRUNKS * 2];
  private long seq;
  private int poisonKind;
  private final SpecificDatumWriter<HandshakeEvent> eventWriter =
      new SpecificDatumWriter<>(HandshakeEvent.getClassSchema(), SpecificData.getForClass(HandshakeEvent.class));
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
  private BinaryEncoder encoder;

  ChaosWorkload(long seed, String inputTopic, int v1Id, int v2Id) {
    this.random = new Random(seed);
    this.inputTopic = inputTopic;
    this.v1Id = v1Id;
    this.v2Id = v2Id;
  }

  /** The second writer schema: HandshakeEvent plus an optional string field at the end (BACKWARD compatible). */
  static Schema v2Schema() {
    Schema v1 = HandshakeEvent.getClassSchema();
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : v1.getFields()) {
      fields.add(new Schema.Field(f, f.schema()));
    }
    Schema optionalString = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
    fields.add(new Schema.Field(V2_FIELD, optionalString, "set by the chaos test", Schema.Field.NULL_DEFAULT_VALUE));
    return Schema.createRecord(v1.getName(), v1.getDoc(), v1.getNamespace(), false, fields);
  }

  static String trunkId(int trunk) {
    return "chaos-trunk-" + trunk;
  }

  /** Metadata of a trunk, version 1 (initial) or 2 (after the mid-run update). */
  static TrunkMetadata metadata(int trunk, int version) {
    return TrunkMetadata.newBuilder()
        .setTrunkId(trunkId(trunk))
        .setTrunkName("Trunk " + trunk + (version > 1 ? " (migrated)" : ""))
        .setOrganizationId("org-" + (trunk % 17))
        .setOrganizationName("Organization " + (trunk % 17))
        .setTrunkType(trunk % 3 == 0 ? "BYOC_PREMISES" : "BYOC_CLOUD")
        .setCarrier(version > 1 ? "Carrier-B" + (trunk % 4) : "Carrier-A" + (trunk % 5))
        .setRegion(trunk % 2 == 0 ? "us-east-1" : "eu-west-1")
        .setContact(trunk % 4 == 0 ? null : "noc" + trunk + "@example.com")
        .setLabels(Map.of())
        .build();
  }

  /** A handshake at {@code now} (minus up to 2 s of disorder), written with the v2 schema when {@code v2}. */
  ProducerRecord<byte[], byte[]> next(long now, boolean v2) {
    int trunk = random.nextInt(TRUNKS);
    boolean inbound = random.nextInt(10) < 6;
    HandshakeEvent e = handshake(trunk, inbound, now - random.nextInt(2000), now);
    return record(e.getTrunkId(), v2 ? encodeV2(e) : frame(v1Id, encode(e)), now, null);
  }

  private HandshakeEvent handshake(int trunk, boolean inbound, long ts, long now) {
    int key = trunk * 2 + (inbound ? 0 : 1);
    if (now >= phaseEnds[key]) {
      // a phase lasts 10-50 s: longer than resolve-after, so alerts resolve and reopen during the run
      phaseEnds[key] = now + 10_000 + random.nextInt(40_000);
      modes[key] = random.nextInt(inbound ? InboundMode.values().length : 3);
    }
    int mode = random.nextInt(100) < 85 ? modes[key] : random.nextInt(inbound ? InboundMode.values().length : 3);
    List<Integer> offer = new ArrayList<>();
    Integer chosen;
    boolean failed;
    if (inbound) {
      InboundMode m = InboundMode.values()[mode];
      for (int c : m.core) {
        offer.add(c);
      }
      if (random.nextBoolean()) {
        offer.add(EXTRA[random.nextInt(EXTRA.length)]);
      }
      if (random.nextInt(4) == 0) {
        offer.add(random.nextInt(offer.size() + 1), random.nextBoolean() ? GREASE_A : GREASE_B);
      }
      failed = random.nextInt(100) < (m == InboundMode.FLAKY ? 25 : 1);
      chosen = failed ? null : firstSupported(offer);
      failed |= chosen == null;
    } else {
      for (int c : PLATFORM_OFFER) {
        offer.add(c);
      }
      failed = random.nextInt(100) < (mode == 2 ? 25 : 1);
      // mode 0: modern remote server; 1: legacy server that supports only the deprecated suites; 2: flaky
      chosen = failed ? null : mode == 1 ? (random.nextBoolean() ? 0xC028 : 0x003D)
          : (random.nextInt(5) == 0 ? 0xC02F : 0xC030);
    }
    return HandshakeEvent.newBuilder()
        .setEventId("ev-" + (seq++))
        .setEdgeId("edge-" + (trunk % 4))
        .setTrunkId(trunkId(trunk))
        .setDirection(inbound ? Direction.INBOUND : Direction.OUTBOUND)
        .setTimestamp(Instant.ofEpochMilli(ts))
        .setProtocolVersion("TLSv1.2")
        .setOfferedCipherSuites(offer)
        .setNegotiatedCipherSuite(chosen)
        .setOutcome(failed ? HandshakeOutcome.FAILED : HandshakeOutcome.ESTABLISHED)
        .setFailureReason(failed ? "handshake_failure" : null)
        .setCallId("call-" + seq)
        .build();
  }

  private static Integer firstSupported(List<Integer> offer) {
    for (int c : offer) {
      for (int s : SUPPORTED) {
        if (c == s) {
          return c;
        }
      }
    }
    return null;
  }

  /** The next poison record (kinds in rotation), or a LATE handshake, at {@code now}. */
  ProducerRecord<byte[], byte[]> poison(long now) {
    int trunk = random.nextInt(TRUNKS);
    HandshakeEvent good = handshake(trunk, true, now, now);
    String key = good.getTrunkId();
    int kind = poisonKind++ % 14;
    HandshakeEvent.Builder b = HandshakeEvent.newBuilder(good);
    byte[] body = encode(good);
    return switch (kind) {
      case 0 -> record(key, concat(new byte[] {1, 0, 0, 0, 1}, body), now, "BAD_MAGIC_BYTE");
      case 1 -> record(key, frame(v1Id, java.util.Arrays.copyOf(body, body.length / 2)), now, "CORRUPT_AVRO");
      // the eventId's length says 1 MiB but 8 bytes follow
      case 2 -> record(key, frame(v1Id, new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01, 'e', 'v', '-',
          'x', 'y', 'z', 0, 0}), now, "CORRUPT_AVRO");
      case 3 -> record(key, frame(UNKNOWN_SCHEMA_ID, body), now, "UNKNOWN_SCHEMA_ID");
      case 4 -> record("", frame(v1Id, encode(b.setTrunkId("").build())), now, "BLANK_TRUNK_ID,KEY_MISMATCH");
      case 5 -> record(key, frame(v1Id, encode(b.setEdgeId(" ").build())), now, "BLANK_EDGE_ID");
      case 6 -> record(key, frame(v1Id, encode(b.setOfferedCipherSuites(List.of(GREASE_A)).setNegotiatedCipherSuite(null)
          .setOutcome(HandshakeOutcome.FAILED).build())), now, "EMPTY_OFFER");
      case 7 -> record(key, frame(v1Id, encode(b.setOfferedCipherSuites(List.of(0xC02F)).setNegotiatedCipherSuite(0xC030)
          .setOutcome(HandshakeOutcome.ESTABLISHED).build())), now, "CHOSEN_NOT_OFFERED");
      case 8 -> record(key, frame(v1Id, encode(b.setOfferedCipherSuites(List.of(0xC02F)).setNegotiatedCipherSuite(null)
          .setOutcome(HandshakeOutcome.ESTABLISHED).build())), now, "ESTABLISHED_WITHOUT_CIPHER");
      case 9 -> record(key, frame(v1Id, encode(b.setOfferedCipherSuites(List.of(0xC02F)).setNegotiatedCipherSuite(0xC02F)
          .setOutcome(HandshakeOutcome.FAILED).build())), now, "FAILED_WITH_CIPHER");
      case 10 -> record(key, frame(v1Id, encode(b.setOfferedCipherSuites(List.of(0xC02F, 70_000))
          .setNegotiatedCipherSuite(0xC02F).setOutcome(HandshakeOutcome.ESTABLISHED).build())), now,
          "CODE_OUT_OF_RANGE");
      case 11 -> record(key, frame(v1Id, encode(b.setTimestamp(Instant.EPOCH).build())), now, "BAD_TIMESTAMP");
      case 12 -> record(key, null, now, "UNDECODABLE");
      // a valid handshake two minutes old: its windows are closed (LATE), it still counts for alerts
      default -> record(key, frame(v1Id, encode(b.setTimestamp(Instant.ofEpochMilli(now - 120_000)).build())), now,
          "LATE");
    };
  }

  private ProducerRecord<byte[], byte[]> record(String key, byte[] value, long timestamp, String expect) {
    RecordHeaders headers = new RecordHeaders();
    if (expect != null) {
      headers.add(EXPECT_HEADER, expect.getBytes(StandardCharsets.UTF_8));
    }
    return new ProducerRecord<>(inputTopic, null, timestamp, key.getBytes(StandardCharsets.UTF_8), value, headers);
  }

  private byte[] encode(HandshakeEvent e) {
    return encode(eventWriter, e);
  }

  private <T extends SpecificRecord> byte[] encode(SpecificDatumWriter<T> writer, T record) {
    buffer.reset();
    encoder = EncoderFactory.get().directBinaryEncoder(buffer, encoder);
    try {
      writer.write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  /** v2 = the v1 body followed by the extra field's union branch 1 (a string): Avro appends fields in order. */
  private byte[] encodeV2(HandshakeEvent e) {
    byte[] note = "frozen".getBytes(StandardCharsets.UTF_8);
    byte[] tail = new byte[2 + note.length];
    tail[0] = 2; // union index 1, zig-zag
    tail[1] = (byte) (note.length * 2); // length, zig-zag
    System.arraycopy(note, 0, tail, 2, note.length);
    return frame(v2Id, concat(encode(e), tail));
  }

  /** Encodes trunk metadata in the wire format with the given schema id. */
  static byte[] encodeMetadata(TrunkMetadata md, int schemaId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      new SpecificDatumWriter<>(TrunkMetadata.getClassSchema(), SpecificData.getForClass(TrunkMetadata.class))
          .write(md, enc);
      enc.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return frame(schemaId, out.toByteArray());
  }

  static byte[] frame(int schemaId, byte[] body) {
    return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(schemaId).put(body).array();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
