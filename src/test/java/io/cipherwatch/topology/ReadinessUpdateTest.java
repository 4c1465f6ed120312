package io.cipherwatch.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cipherwatch.avro.Direction;
import io.cipherwatch.readiness.KeyVerdict;
import io.cipherwatch.readiness.Verdict;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The readiness-by-organization records and readiness-verdicts values round-trip; corrupt bytes are refused. */
class ReadinessUpdateTest {
  static ReadinessUpdate roundTrip(ReadinessUpdate u) {
    return ReadinessUpdate.serde().deserializer().deserialize("t", ReadinessUpdate.serde().serializer()
        .serialize("t", u));
  }

  @Test
  void standingsAndRetractionsRoundTrip() {
    KeyVerdict s = new KeyVerdict("org-ü", null, Verdict.UNVERIFIED, 12, 0, 5);
    ReadinessUpdate u = roundTrip(new ReadinessUpdate("trunk-1", Direction.OUTBOUND, s, 1_000L, 3,
        new int[] {0x003D, 0xC028}));
    assertEquals("trunk-1", u.trunkId());
    assertEquals(Direction.OUTBOUND, u.direction());
    assertEquals(s, u.standing());
    assertEquals(1_000L, u.asOf());
    assertEquals(3L, u.policyVersion());
    assertArrayEquals(new int[] {0x003D, 0xC028}, u.removed());
    ReadinessUpdate r = roundTrip(new ReadinessUpdate("t", Direction.INBOUND, null, 5L, 0, new int[0]));
    assertNull(r.standing());
    assertEquals(Direction.INBOUND, r.direction());
  }

  @Test
  void organizationKeysMapTheNullOrganizationToTheEmptyString() {
    assertEquals("", ReadinessUpdate.organizationKey(null));
    assertNull(ReadinessUpdate.organizationId(""));
    assertEquals("acme", ReadinessUpdate.organizationId(ReadinessUpdate.organizationKey("acme")));
  }

  @Test
  void corruptBytesAreRefused() {
    byte[] ok = new ReadinessUpdate("t", Direction.INBOUND, new KeyVerdict("o", "O", Verdict.READY, 1, 0, 0), 5L,
        0, new int[] {1}).encode();
    assertThrows(IllegalArgumentException.class, () -> ReadinessUpdate.decode(new byte[] {9}));
    assertThrows(IllegalArgumentException.class, () -> ReadinessUpdate.decode(Arrays.copyOf(ok, ok.length - 3)));
    assertThrows(IllegalArgumentException.class, () -> ReadinessUpdate.decode(new byte[0]));
  }
}
