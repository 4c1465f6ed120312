package io.cipherwatch.bench.jmh;

import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.HandshakeOutcome;
import io.cipherwatch.catalog.CipherCatalog;
import io.cipherwatch.config.Settings;
import io.cipherwatch.policy.CipherPolicy;
import io.cipherwatch.policy.Classification;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/** {@link CipherPolicy#classify} over the simulator's mix of handshakes. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PolicyBenchmark {
  private CipherPolicy policy;
  private boolean[] inbound;
  private boolean[] established;
  private int[] chosen;
  private int[][] offers;
  private int i;

  @Setup
  public void setUp() {
    policy = CipherPolicy.parse(Settings.POLICY_DEPRECATED.defaultValue(), Settings.POLICY_SUPPORTED.defaultValue(),
        CipherCatalog.standard());
    List<HandshakeEvent> events = Samples.events();
    int n = events.size();
    inbound = new boolean[n];
    established = new boolean[n];
    chosen = new int[n];
    offers = new int[n][];
    for (int k = 0; k < n; k++) {
      HandshakeEvent e = events.get(k);
      inbound[k] = e.getDirection() == Direction.INBOUND;
      established[k] = e.getOutcome() == HandshakeOutcome.ESTABLISHED;
      chosen[k] = e.getNegotiatedCipherSuite() == null ? -1 : e.getNegotiatedCipherSuite();
      offers[k] = e.getOfferedCipherSuites().stream().mapToInt(Integer::intValue)
          .filter(c -> !CipherCatalog.isGrease(c)).toArray();
    }
  }

  /** One classification (the sample index advances each call). */
  @Benchmark
  public Classification classify() {
    int k = i++ & (Samples.SIZE - 1);
    return policy.classify(inbound[k], established[k], chosen[k], offers[k], offers[k].length);
  }
}
