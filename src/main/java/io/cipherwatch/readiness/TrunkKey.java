package io.cipherwatch.readiness;

import io.cipherwatch.avro.Direction;
import java.util.Comparator;

/** A (trunk, direction): the unit readiness state is kept and judged for. */
public record TrunkKey(String trunkId, Direction direction) implements Comparable<TrunkKey> {
  private static final Comparator<TrunkKey> ORDER =
      Comparator.comparing(TrunkKey::trunkId).thenComparing(TrunkKey::direction);

  @Override
  public int compareTo(TrunkKey o) {
    return ORDER.compare(this, o);
  }
}
