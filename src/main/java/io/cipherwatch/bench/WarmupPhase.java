package io.cipherwatch.bench;

import io.cipherwatch.app.CipherwatchApp;
import io.cipherwatch.config.CipherwatchConfig;
import java.time.Duration;
import java.util.Map;

/**
 * Runs the consumer baseline's code and the topology over a separate warm-up topic, unmeasured: the JIT
 * compiles the hot paths here (on 2 cores it otherwise takes a core's share for the first ~40 s of the
 * measured run), so the measured phases compare compiled code with compiled code.
 */
final class WarmupPhase {
  private final BenchContext c;
  private final InputPhase input;
  private final BaselinePhase baseline;

  WarmupPhase(BenchContext c, InputPhase input, BaselinePhase baseline) {
    this.c = c;
    this.input = input;
    this.baseline = baseline;
  }

  /** Returns the seconds it took. */
  double run(long events) throws Exception {
    String topic = "bench-" + c.runId + "-warmup-tls-handshakes";
    InputPhase.Produced in = input.produce(topic, events, "warmup-in");
    long began = System.nanoTime();
    baseline.consume(topic, in.end(), events);
    Map<String, String> m = c.appConfig("bench-" + c.runId + "-warmup-", topic);
    try (CipherwatchApp app = new CipherwatchApp(CipherwatchConfig.of(m))) {
      app.start();
      BenchContext.awaitRunning(app, System.nanoTime());
      c.awaitCommitted(app.streams(), m.get("application.id"), in.end(),
          Duration.ofSeconds(Math.max(300, events / 500)));
    }
    double seconds = BenchContext.seconds(began);
    c.log.printf("warmup     consumer and exactly-once topology over %,d events in %.1f s (not measured)%n",
        events, seconds);
    c.endPhase("warmup", seconds, Map.of());
    return seconds;
  }
}
