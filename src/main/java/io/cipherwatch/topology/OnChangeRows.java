package io.cipherwatch.topology;

import io.cipherwatch.config.UsageEmit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Which usage rows a window processor writes: every row, or (active, {@link UsageEmit#ON_CHANGE}) the rows
 * decided from the panes alone.
 *
 * <p>A window W = [start, end) and the window before it, W' = W - advance, share all panes but two: W has the
 * pane at end - advance that W' lacks, W' the pane at start - advance that W lacks. So a key with panes in W has
 * unchanged counts exactly when those two panes hold the same counts (a missing pane counting as none: a key
 * without a row in W' has only the entering pane in W, which is not empty, so it is written). A key with a row
 * in W' and none in W is one whose newest pane started at start - advance: a key of the pane index entry the
 * processor drops after emitting W' ({@link #windowEmitted}) that has no pane in W. Both decisions read panes
 * that no emission has dropped yet and that the {@code trunk-state} store holds too, so a restarted processor
 * ({@link #restore}) decides as an uninterrupted one.
 */
final class OnChangeRows {
  private static final long NONE = TrunkState.NONE;

  private final long size;
  private final long advance;
  private final boolean active;
  /** Scratch counts of the two panes {@link #changed} compares. */
  private final UsageCounts leavingPane = new UsageCounts();
  private final UsageCounts enteringPane = new UsageCounts();
  /** The keys with a pane at the start of the last emitted window; they may be owed a zero row at {@link #due}. */
  private List<TrunkState> leaving = new ArrayList<>();
  /** End of the window the keys of {@link #leaving} are checked in, or {@link TrunkState#NONE}. */
  private long due = NONE;

  /** {@code active}: on-change; else every row is written and no zero row. */
  OnChangeRows(long size, long advance, boolean active) {
    this.size = size;
    this.advance = advance;
    this.active = active;
  }

  /**
   * Whether the row of {@code s} for window [start, end) is written: its counts differ from those of its row of
   * the window before, or it had none there. Call before the panes before {@code start} are dropped.
   */
  boolean changed(TrunkState s, long start, long end) {
    return !active || !UsageCounts.sameCounts(s.paneCounts(start - advance, leavingPane),
        s.paneCounts(end - advance, enteringPane));
  }

  /**
   * The window ending at {@code end} was emitted and {@code left}, the keys with a pane at its start (null: none),
   * leave the index: those without a pane in the next window are owed a zero row there.
   */
  void windowEmitted(long end, ArrayList<TrunkState> left) {
    if (!active) {
      return;
    }
    leaving = left == null ? new ArrayList<>() : left;
    due = end + advance;
  }

  /**
   * Before the first window after a (re)start with windows closed up to {@code closedEnd}: {@code s}, loaded from
   * the store, is one of the keys that left the index after that window when it has a pane at its start.
   */
  void restore(TrunkState s, long closedEnd) {
    if (active && s.hasPane(closedEnd - size)) {
      leaving.add(s);
      due = closedEnd + advance;
    }
  }

  /**
   * Hands {@code zero} each key owed a zero row for the window ending at {@code end}: it had a row in the window
   * before, has no pane in this one and is still held ({@code states}: an evicted key owes nothing). Then
   * forgets them. Call for every window end after the last emitted one, in order, before the next is emitted.
   */
  void silentKeys(long end, Map<String, TrunkState>[] states, Consumer<TrunkState> zero) {
    if (due == NONE) {
      return;
    }
    if (due == end) {
      for (TrunkState s : leaving) {
        if (states[s.direction].get(s.trunkId) == s && !s.hasPaneIn(end - size, end)) {
          zero.accept(s);
        }
      }
    }
    leaving = new ArrayList<>();
    due = NONE;
  }
}
