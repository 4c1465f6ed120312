package io.cipherwatch.topology;

import static io.cipherwatch.topology.CipherwatchTopologyTest.IN;
import static io.cipherwatch.topology.CipherwatchTopologyTest.MODERN;
import static io.cipherwatch.topology.CipherwatchTopologyTest.at;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** What the {@code trunk-state} store serves while the window processor runs (TopologyTestDriver). */
class TrunkStateStoreTest {
  /**
   * The store holds the processor's live states, not the copy written with the last event: closing window
   * [5, 15) drops t1's pane at minute 0 from its state without an event of t1 (and so without a put), and a read
   * of the store shows it gone.
   */
  @Test
  void readsShowTheLiveStateNotTheLastWrittenCopy() {
    try (TopologyFixture f = new TopologyFixture(Map.of("cipherwatch.usage.window.size", "PT10M",
        "cipherwatch.usage.window.advance", "PT5M", "cipherwatch.usage.window.grace", "PT1M"))) {
      byte[] key = StoreKeys.trunkState("t1", (byte) IN.ordinal());
      KeyValueStore<Bytes, byte[]> store = f.driver.getKeyValueStore(StoreNames.TRUNK_STATE);
      f.send("t1", IN, at(1), MODERN, 0xC02F);
      f.send("t1", IN, at(6), MODERN, 0xC02F);
      assertEquals(2, TrunkState.decode(key, store.get(Bytes.wrap(key))).paneCount());
      f.send("t2", IN, at(12), MODERN, 0xC02F); // closes [0, 10)
      f.send("t2", IN, at(17), MODERN, 0xC02F); // closes [5, 15): t1's pane at 0 is in no window to come
      TrunkState read = TrunkState.decode(key, store.get(Bytes.wrap(key)));
      assertEquals(1, read.paneCount());
      assertEquals(at(5).toEpochMilli(), read.paneStart(0));
    }
  }
}
