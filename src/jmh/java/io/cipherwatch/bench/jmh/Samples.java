package io.cipherwatch.bench.jmh;

import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.simulate.FleetSimulator;
import io.cipherwatch.simulate.FleetSpec;
import io.cipherwatch.simulate.SimulatedRecord;
import java.util.ArrayList;
import java.util.List;

/** Realistic well-formed handshakes from the simulator, the same ones on every run. */
final class Samples {
  static final int SIZE = 4096;
  static final long START = 1_772_445_600_000L;

  private Samples() {}

  static List<HandshakeEvent> events() {
    FleetSimulator sim = new FleetSimulator(FleetSpec.defaults(5_000, START, 6 * 3_600_000L).withFaultRate(0), 7);
    List<HandshakeEvent> out = new ArrayList<>(SIZE);
    for (int i = 0; i < SIZE; i++) {
      SimulatedRecord r = sim.next(START + i * 5_000L);
      out.add(r.event());
    }
    return out;
  }
}
