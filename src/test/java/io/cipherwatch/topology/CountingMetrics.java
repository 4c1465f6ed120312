package io.cipherwatch.topology;

import io.cipherwatch.policy.Classification;
import io.cipherwatch.policy.DeadLetterReason;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/** Records what the topology reports, for assertions. */
final class CountingMetrics implements TopologyMetrics {
  final Map<DeadLetterReason, Integer> deadLetters = new EnumMap<>(DeadLetterReason.class);
  final Map<Integer, Integer> chosen = new HashMap<>();
  final Map<Integer, Long> closedEnd = new HashMap<>();

  int deadLetters(DeadLetterReason r) {
    return deadLetters.getOrDefault(r, 0);
  }

  @Override
  public void handshake(boolean inbound, Classification cls, int chosen) {
    this.chosen.merge(chosen, 1, Integer::sum);
  }

  @Override
  public void deadLetter(DeadLetterReason reason) {
    deadLetters.merge(reason, 1, Integer::sum);
  }

  @Override
  public void windowsClosed(int partition, long closedEnd) {
    this.closedEnd.put(partition, closedEnd);
  }

  @Override
  public void partitionReleased(int partition) {
    closedEnd.remove(partition);
  }
}
