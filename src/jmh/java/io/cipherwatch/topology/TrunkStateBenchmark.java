package io.cipherwatch.topology;

import io.cipherwatch.alerting.AlertEngine;
import io.cipherwatch.alerting.AlertSettings;
import io.cipherwatch.alerting.Transition;
import io.cipherwatch.policy.Classification;
import java.util.ArrayList;
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

/**
 * The per-event state work of the window processor on a busy key (13 panes of an hour, an open alert, a full
 * failures window): count the handshake in its pane and encode the key's {@code trunk-state} record; and the
 * decode a restart does once per key. In this package because {@link TrunkState} is package-private.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TrunkStateBenchmark {
  private static final long ADVANCE = 300_000L;
  private static final long START = 1_767_225_600_000L;

  private final TrunkState.Scratch scratch = new TrunkState.Scratch(512, 256);
  private TrunkState state;
  private byte[] encoded;

  @Setup
  public void setUp() {
    AlertEngine engine = new AlertEngine(new AlertSettings(3_600_000L, 3_600_000L, 3_600_000L, 3, 0.05));
    state = TrunkState.empty("trunk-00042", (byte) 0);
    List<Transition> out = new ArrayList<>();
    int[] offer = {0xC02F, 0xC028, 0x003D};
    long t = START;
    for (int k = 0; k < 240; k++, t += 15_000) {
      Classification cls = k % 10 == 0 ? Classification.PREFERS_DEPRECATED : Classification.CLEAN;
      int chosen = cls == Classification.PREFERS_DEPRECATED ? 0xC028 : 0xC02F;
      engine.onHandshake("trunk-00042", "INBOUND", state.alert, t, cls, cls == Classification.PREFERS_DEPRECATED,
          "c0ffee00-0000-4000-8000-00000000" + (1000 + k), chosen, offer, out);
      state.count(Math.floorDiv(t, ADVANCE) * ADVANCE, cls, chosen);
    }
    encoded = state.encode(scratch);
  }

  /** What the topology does per event besides the alert engine: count in the pane, encode the record. */
  @Benchmark
  public byte[] countAndEncode() {
    state.count(START + 12 * ADVANCE, Classification.CLEAN, 0xC02F);
    return state.encode(scratch);
  }

  /** A restart's work per key: the record to a decoded state. */
  @Benchmark
  public TrunkState decode() {
    return TrunkState.decode(state.key, encoded);
  }
}
