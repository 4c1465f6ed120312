package io.cipherwatch.capture.endpoint;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Maps addresses to values by the most specific matching {@link AddressPattern}: the longest prefix first, and
 * for equal prefixes a pattern with the port before one without.
 *
 * @param <V> the value type
 */
public final class EndpointTable<V> {
  private final Map<Key, V> entries = new HashMap<>();
  private final TreeSet<Integer> prefixes = new TreeSet<>();

  private record Key(long hi, long lo, int prefix, int port) {}

  /** Adds a pattern; false when the same pattern is already there (the first one stays). */
  public boolean put(AddressPattern p, V value) {
    prefixes.add(p.prefix());
    return entries.putIfAbsent(new Key(p.hi(), p.lo(), p.prefix(), p.port()), value) == null;
  }

  /** The value of the most specific pattern matching {@code address:port}, or null. */
  public V match(long hi, long lo, int port) {
    for (Integer bits : prefixes.descendingSet()) {
      long[] m = AddressPattern.mask(hi, lo, bits);
      V v = entries.get(new Key(m[0], m[1], bits, port));
      if (v == null) {
        v = entries.get(new Key(m[0], m[1], bits, -1));
      }
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public int size() {
    return entries.size();
  }
}
