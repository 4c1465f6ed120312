package io.cipherwatch.bench.jmh;

import io.cipherwatch.alerting.AlertEngine;
import io.cipherwatch.alerting.AlertSettings;
import io.cipherwatch.alerting.AlertState;
import io.cipherwatch.alerting.AlertStateCodec;
import io.cipherwatch.alerting.Transition;
import io.cipherwatch.policy.Classification;
import io.cipherwatch.topology.UsageCounts;
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
 * The state codecs inside a {@code trunk-state} record: usage counts (decode, count one handshake, encode) and an
 * alert state (decode, encode) of a busy key with an open alert and a full failures window. The per-event work
 * on the whole record is {@code io.cipherwatch.topology.TrunkStateBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StateCodecBenchmark {
  private final UsageCounts pane = new UsageCounts();
  private byte[] encodedPane;
  private byte[] encodedAlertState;
  private AlertState alertState;

  @Setup
  public void setUp() {
    UsageCounts c = new UsageCounts();
    for (int k = 0; k < 40; k++) {
      c.add(Classification.CLEAN, 0xC030);
      c.add(Classification.OFFERS_DEPRECATED, 0xC02F);
    }
    c.add(Classification.PREFERS_DEPRECATED, 0xC028);
    c.add(Classification.FAILED, -1);
    encodedPane = c.encode();

    AlertEngine engine = new AlertEngine(new AlertSettings(3_600_000L, 3_600_000L, 3_600_000L, 3, 0.05));
    AlertState s = AlertState.empty();
    List<Transition> out = new ArrayList<>();
    int[] offer = {0xC02F, 0xC028, 0x003D};
    long t = Samples.START;
    for (int k = 0; k < 240; k++, t += 15_000) {
      Classification cls = k % 10 == 0 ? Classification.PREFERS_DEPRECATED : Classification.CLEAN;
      engine.onHandshake("trunk-00042", "INBOUND", s, t, cls, cls == Classification.PREFERS_DEPRECATED,
          "c0ffee00-0000-4000-8000-00000000" + (1000 + k), cls == Classification.PREFERS_DEPRECATED ? 0xC028 : 0xC02F,
          offer, out);
    }
    alertState = s;
    encodedAlertState = AlertStateCodec.encode(s);
  }

  /** The usage-count codec (panes in trunk-state records, fleet partials): decode, count one, encode. */
  @Benchmark
  public byte[] usagePaneUpdate() {
    pane.decodeInto(encodedPane);
    pane.add(Classification.CLEAN, 0xC030);
    return pane.encode();
  }

  /** Alert state bytes to object. */
  @Benchmark
  public AlertState alertStateDecode() {
    return AlertStateCodec.decode(encodedAlertState);
  }

  /** Alert state object to bytes. */
  @Benchmark
  public byte[] alertStateEncode() {
    return AlertStateCodec.encode(alertState);
  }
}
