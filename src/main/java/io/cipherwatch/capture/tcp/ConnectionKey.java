package io.cipherwatch.capture.tcp;

/** A direction-independent 4-tuple key (the lower end first); mutable so lookups allocate nothing. */
final class ConnectionKey {
  private long aHi;
  private long aLo;
  private long bHi;
  private long bLo;
  private int aPort;
  private int bPort;
  private int hash;

  void set(long hi1, long lo1, int port1, long hi2, long lo2, int port2) {
    boolean first = hi1 != hi2 ? Long.compareUnsigned(hi1, hi2) < 0
        : lo1 != lo2 ? Long.compareUnsigned(lo1, lo2) < 0 : port1 <= port2;
    if (first) {
      aHi = hi1;
      aLo = lo1;
      aPort = port1;
      bHi = hi2;
      bLo = lo2;
      bPort = port2;
    } else {
      aHi = hi2;
      aLo = lo2;
      aPort = port2;
      bHi = hi1;
      bLo = lo1;
      bPort = port1;
    }
    long h = aHi * 31 + aLo;
    h = h * 31 + bHi;
    h = h * 31 + bLo;
    h = h * 31 + ((long) aPort << 16 | bPort);
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    hash = (int) (h ^ (h >>> 32));
  }

  ConnectionKey copy() {
    ConnectionKey k = new ConnectionKey();
    k.aHi = aHi;
    k.aLo = aLo;
    k.bHi = bHi;
    k.bLo = bLo;
    k.aPort = aPort;
    k.bPort = bPort;
    k.hash = hash;
    return k;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConnectionKey k && k.aLo == aLo && k.bLo == bLo && k.aPort == aPort && k.bPort == bPort
        && k.aHi == aHi && k.bHi == bHi;
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
