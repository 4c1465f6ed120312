package io.cipherwatch.probe;

import io.cipherwatch.avro.RemoteProbe;
import io.cipherwatch.readiness.ProbeResult;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The outcome of one probe of an outbound remote (see {@link TlsProbe}).
 *
 * @param trunkId the trunk whose remote was probed
 * @param remote host:port
 * @param timestamp when the probe ran
 * @param removed the candidate set R the probe was run for
 * @param offered the suites the ClientHello actually offered
 * @param notOffered suites of supported − R the local TLS stack could not offer
 * @param accepted whether the remote completed the handshake
 * @param chosen the suite it chose, or -1
 * @param protocol the negotiated protocol, or null
 * @param detail the TLS alert or error when it refused, or null
 */
public record ProbeReport(String trunkId, String remote, Instant timestamp, int[] removed, int[] offered,
    int[] notOffered, boolean accepted, int chosen, String protocol, String detail) {

  /** What readiness needs of it. */
  public ProbeResult result() {
    return new ProbeResult(trunkId, timestamp.toEpochMilli(), offered, accepted, chosen);
  }

  /** The Avro record for the {@code remote-probes} topic. */
  public RemoteProbe toAvro() {
    return RemoteProbe.newBuilder().setTrunkId(trunkId).setRemote(remote).setTimestamp(timestamp)
        .setRemoved(list(removed)).setOffered(list(offered)).setNotOffered(list(notOffered))
        .setAccepted(accepted).setChosen(chosen < 0 ? null : chosen).setProtocol(protocol).setDetail(detail)
        .build();
  }

  /** Readiness' view of a probe record read back from the topic. */
  public static ProbeResult result(RemoteProbe p) {
    return ProbeResult.of(p);
  }

  private static List<Integer> list(int[] codes) {
    return Arrays.stream(codes).boxed().toList();
  }
}
