package io.cipherwatch.serde;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.HandshakeOutcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/** Test records and schema variants of {@link HandshakeEvent}. */
final class Fixtures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {
  }

  static HandshakeEvent event(String eventId) {
    return HandshakeEvent.newBuilder()
        .setEventId(eventId)
        .setEdgeId("edge-fra-1")
        .setTrunkId("trunk-42")
        .setDirection(Direction.INBOUND)
        .setTimestamp(Instant.ofEpochMilli(1_767_225_600_123L))
        .setProtocolVersion("TLSv1.2")
        .setOfferedCipherSuites(List.of(0xC02F, 0xC028, 0x003D, 0x0A0A))
        .setNegotiatedCipherSuite(0xC028)
        .setOutcome(HandshakeOutcome.ESTABLISHED)
        .setRemoteAddress("198.51.100.7:5061")
        .setSni("sip.example.net")
        .setRemoteUserAgent("AcmeSBC/9.1 ünïcode")
        .setCallId("a84b4c76e66710@pc33.example.net")
        .build();
  }

  /** HandshakeEvent's schema edited as JSON (same record name), e.g. to make an older or newer version. */
  static Schema handshakeSchema(Consumer<ArrayNode> editFields) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(HandshakeEvent.getClassSchema().toString());
      editFields.accept((ArrayNode) root.get("fields"));
      return new Schema.Parser().parse(root.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "Version 1": HandshakeEvent before the optional callId field was added. */
  static Schema v1Schema() {
    return handshakeSchema(fields -> fields.remove(fields.size() - 1));
  }

  /** The v1 record with the same values as {@code e} (without callId). */
  static GenericRecord asV1(HandshakeEvent e) {
    Schema v1 = v1Schema();
    GenericRecord r = new GenericData.Record(v1);
    r.put("eventId", e.getEventId());
    r.put("edgeId", e.getEdgeId());
    r.put("trunkId", e.getTrunkId());
    r.put("direction", new GenericData.EnumSymbol(v1.getField("direction").schema(), e.getDirection().name()));
    r.put("timestamp", e.getTimestamp().toEpochMilli());
    r.put("protocolVersion", e.getProtocolVersion());
    r.put("offeredCipherSuites", e.getOfferedCipherSuites());
    r.put("negotiatedCipherSuite", e.getNegotiatedCipherSuite());
    r.put("outcome", new GenericData.EnumSymbol(v1.getField("outcome").schema(), e.getOutcome().name()));
    r.put("failureReason", e.getFailureReason());
    r.put("remoteAddress", e.getRemoteAddress());
    r.put("sni", e.getSni());
    r.put("remoteUserAgent", e.getRemoteUserAgent());
    return r;
  }

  /** Plain Avro binary of a generic record (no wire-format header). */
  static byte[] avro(GenericRecord record) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
      new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, enc);
      enc.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A wire-format record: header for {@code id} followed by {@code body}. */
  static byte[] wire(int id, byte[] body) {
    byte[] out = new byte[ConfluentWireFormat.HEADER_SIZE + body.length];
    ConfluentWireFormat.writeHeader(out, id);
    System.arraycopy(body, 0, out, ConfluentWireFormat.HEADER_SIZE, body.length);
    return out;
  }
}
