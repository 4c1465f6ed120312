package io.cipherwatch.topology;

import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.TrunkMetadata;
import io.cipherwatch.simulate.EventTimeline;
import io.cipherwatch.simulate.FleetSimulator;
import io.cipherwatch.simulate.FleetSpec;
import io.cipherwatch.simulate.SimulatedRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * A few thousand handshakes from the simulator over 12 h of event time, without malformed records, thinned so
 * that keys go silent and come back: a quarter of the trunks are silent from hour 3 to hour 5, another quarter
 * from hour 7 to 7:40, and the whole fleet from hour 9 to 9:50 (long enough for every window to close).
 */
final class SimulatedHandshakes {
  static final long HOUR = 3_600_000L;

  final long start;
  final List<TrunkMetadata> trunks;
  final List<HandshakeEvent> events = new ArrayList<>();

  SimulatedHandshakes(long start, int count, int trunkCount, long seed) {
    this.start = start;
    FleetSimulator sim = new FleetSimulator(FleetSpec.defaults(trunkCount, start, 12 * HOUR).withFaultRate(0), seed);
    trunks = sim.trunks();
    EventTimeline timeline = new EventTimeline(start, 12 * HOUR, count, sim::activity);
    for (long i = 0; i < count; i++) {
      long t = timeline.timeOf(i);
      SimulatedRecord r = sim.next(t);
      int group = Math.floorMod(r.event().getTrunkId().hashCode(), 4);
      long h = t - start;
      boolean silent = (group == 0 && h >= 3 * HOUR && h < 5 * HOUR)
          || (group == 1 && h >= 7 * HOUR && h < 7 * HOUR + 40 * 60_000L)
          || (h >= 9 * HOUR && h < 9 * HOUR + 50 * 60_000L);
      if (!silent) {
        events.add(r.event());
      }
    }
  }

  /** Event time of the first event at or after hour 9 + 50 min (the end of the fleet-wide silence). */
  long lullEnd() {
    return start + 9 * HOUR + 50 * 60_000L;
  }

  /** The index of the first event at or after {@code t}. */
  int indexAt(long t) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).getTimestamp().toEpochMilli() >= t) {
        return i;
      }
    }
    return events.size();
  }
}
