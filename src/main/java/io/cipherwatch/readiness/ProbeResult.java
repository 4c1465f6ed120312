package io.cipherwatch.readiness;

import io.cipherwatch.avro.RemoteProbe;
import java.util.Arrays;

/**
 * The outcome of one active TLS probe of an outbound remote: the platform offered {@code offered} (as a
 * ClientHello) and the remote accepted one of them ({@code chosen}) or refused them all.
 *
 * @param trunkId the trunk whose remote was probed
 * @param timestampMillis when the probe ran (epoch millis)
 * @param offered the suites the probe offered, as IANA codes
 * @param accepted whether the handshake completed
 * @param chosen the suite the remote chose, or -1 when it refused
 */
public record ProbeResult(String trunkId, long timestampMillis, int[] offered, boolean accepted, int chosen) {

  /** Copies the offer. */
  public ProbeResult {
    offered = offered.clone();
  }

  /** Readiness' view of a probe record read back from the {@code remote-probes} topic. */
  public static ProbeResult of(RemoteProbe p) {
    return new ProbeResult(p.getTrunkId(), p.getTimestamp().toEpochMilli(),
        p.getOffered().stream().mapToInt(Integer::intValue).toArray(), p.getAccepted(),
        p.getChosen() == null ? -1 : p.getChosen());
  }

  /** Whether the probe offered exactly the given suite. */
  public boolean offeredSuite(int code) {
    for (int c : offered) {
      if (c == code) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProbeResult p && p.trunkId.equals(trunkId) && p.timestampMillis == timestampMillis
        && Arrays.equals(p.offered, offered) && p.accepted == accepted && p.chosen == chosen;
  }

  @Override
  public int hashCode() {
    return trunkId.hashCode() * 31 + Long.hashCode(timestampMillis);
  }

  @Override
  public String toString() {
    return "ProbeResult{" + trunkId + ", " + timestampMillis + ", offered=" + Arrays.toString(offered)
        + ", accepted=" + accepted + ", chosen=" + chosen + "}";
  }
}
