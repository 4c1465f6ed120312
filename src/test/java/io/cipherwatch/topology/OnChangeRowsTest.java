package io.cipherwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.policy.Classification;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The on-change decisions on hand-made panes: 15-minute windows advancing by 5 (three panes a window). */
class OnChangeRowsTest {
  static final long A = 5;
  static final long SIZE = 15;

  final OnChangeRows rows = new OnChangeRows(SIZE, A, true);
  @SuppressWarnings("unchecked")
  final Map<String, TrunkState>[] states = new Map[] {new HashMap<>(), new HashMap<>()};

  TrunkState key(String trunk, long... paneStarts) {
    TrunkState s = TrunkState.empty(trunk, (byte) 0);
    for (long p : paneStarts) {
      s.count(p, Classification.CLEAN, 0xC030);
    }
    states[0].put(trunk, s);
    return s;
  }

  List<String> silent(long end) {
    List<String> out = new ArrayList<>();
    rows.silentKeys(end, states, s -> out.add(s.trunkId));
    return out;
  }

  @Test
  void aWindowIsWrittenWhenTheEnteringAndLeavingPanesDiffer() {
    // window [10, 25): panes 10, 15, 20; the window before, [5, 20): panes 5, 10, 15
    TrunkState same = key("same", 5, 10, 15, 20);
    assertFalse(rows.changed(same, 10, 25), "pane 20 enters as pane 5 leaves, with the same counts");
    TrunkState more = key("more", 5, 10, 20);
    more.count(20, Classification.CLEAN, 0xC030);
    assertTrue(rows.changed(more, 10, 25), "two handshakes enter, one leaves");
    assertTrue(rows.changed(key("new", 20), 10, 25), "no row in the window before");
    assertFalse(rows.changed(key("middle", 10), 10, 25), "only a pane both windows share");
    TrunkState failed = key("failed", 5, 20);
    failed.count(5, Classification.FAILED, -1);
    failed.count(20, Classification.CLEAN, 0xC030);
    assertTrue(rows.changed(failed, 10, 25), "as many handshakes, another outcome");
  }

  @Test
  void everyWindowWritesEveryRowAndNoZeroRow() {
    OnChangeRows every = new OnChangeRows(SIZE, A, false);
    assertTrue(every.changed(key("same", 5, 10, 15, 20), 10, 25));
    every.windowEmitted(25, new ArrayList<>(List.of(key("gone", 10))));
    List<String> out = new ArrayList<>();
    every.silentKeys(30, states, s -> out.add(s.trunkId));
    assertEquals(List.of(), out);
  }

  @Test
  void theKeysLeavingTheIndexWithoutALaterPaneGetOneZeroRow() {
    TrunkState gone = key("gone", 10);
    TrunkState stays = key("stays", 10, 20);
    TrunkState evicted = key("evicted", 10);
    states[0].remove("evicted");
    // window [10, 25) emitted: the keys with a pane at 10 leave the index
    rows.windowEmitted(25, new ArrayList<>(List.of(gone, stays, evicted)));
    assertEquals(List.of("gone"), silent(30));
    assertEquals(List.of(), silent(35), "once");
  }

  @Test
  void zeroRowsAreOwedOnlyToTheNextWindow() {
    rows.windowEmitted(25, new ArrayList<>(List.of(key("gone", 10))));
    assertEquals(List.of(), silent(35), "a window end other than the one after the emitted window");
  }

  @Test
  void aRestartRestoresTheKeysOwedAZeroRowFromTheirPanes() {
    // windows up to 25 closed: the keys with a pane at 25 - 15 = 10 may be owed one for window [15, 30)
    for (TrunkState s : List.of(key("gone", 5, 10), key("stays", 10, 25), key("older", 5))) {
      rows.restore(s, 25);
    }
    assertEquals(List.of("gone"), silent(30));
  }
}
