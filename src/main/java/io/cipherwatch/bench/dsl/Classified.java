package io.cipherwatch.bench.dsl;

import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.HandshakeOutcome;
import io.cipherwatch.catalog.CipherCatalog;
import io.cipherwatch.policy.CipherPolicy;
import io.cipherwatch.policy.Classification;
import io.cipherwatch.policy.HandshakeValidator;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One valid handshake as the DSL peer counts it: direction (0 inbound, 1 outbound), classification and
 * negotiated suite (-1 for none). Built with the domain's validator and policy, the rules cipherwatch applies.
 */
public record Classified(int direction, Classification classification, int chosen) {

  /** The classified handshake, or null when the event breaks a validation rule (it is not counted). */
  public static Classified of(HandshakeEvent e, CipherPolicy policy) {
    boolean inbound = e.getDirection() == Direction.INBOUND;
    boolean established = e.getOutcome() == HandshakeOutcome.ESTABLISHED;
    Integer c = e.getNegotiatedCipherSuite();
    int chosen = c == null ? -1 : c;
    if (chosen > 0xFFFF || (c != null && chosen < 0) || e.getTimestamp().toEpochMilli() <= 0) {
      return null;
    }
    List<Integer> offered = e.getOfferedCipherSuites();
    int[] offer = new int[offered.size()];
    int n = 0;
    for (int code : offered) {
      if (code < 0 || code > 0xFFFF) {
        return null;
      }
      if (!CipherCatalog.isGrease(code)) {
        offer[n++] = code;
      }
    }
    if (HandshakeValidator.validate(e.getTrunkId(), e.getEdgeId(), established, chosen, offer, n) != null) {
      return null;
    }
    return new Classified(inbound ? 0 : 1, policy.classify(inbound, established, chosen, offer, n), chosen);
  }

  /** The serde of the grouped stream (not repartitioned: the key does not change). */
  public static Serde<Classified> serde() {
    Serializer<Classified> ser = (topic, h) -> h == null ? null
        : ByteBuffer.allocate(6).put((byte) h.direction).put((byte) h.classification.ordinal())
            .putInt(h.chosen).array();
    Deserializer<Classified> de = (topic, b) -> {
      if (b == null) {
        return null;
      }
      ByteBuffer buf = ByteBuffer.wrap(b);
      return new Classified(buf.get(), Classification.ofOrdinal(buf.get()), buf.getInt());
    };
    return Serdes.serdeFrom(ser, de);
  }
}
