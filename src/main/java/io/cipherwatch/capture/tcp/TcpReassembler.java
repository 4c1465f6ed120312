package io.cipherwatch.capture.tcp;

import io.cipherwatch.capture.net.TcpSegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reassembles TCP connections: orders each direction's bytes by sequence number (out-of-order segments are held,
 * retransmitted and overlapping bytes are delivered once) and hands them to a {@link StreamHandler}. Only
 * connections whose start (SYN or SYN-ACK) was captured are followed; others are skipped and counted. Memory is
 * bounded: held out-of-order bytes per connection are capped, idle connections are evicted after a timeout
 * (measured in capture time), and the connection table has a maximum size. Not thread-safe.
 */
public final class TcpReassembler {
  /** How long a closed or reset connection is remembered (capture time). */
  static final long LINGER_NANOS = 2_000_000_000L;
  private static final long NOT_CLOSED = Long.MIN_VALUE;
  private final StreamHandler.Factory factory;
  private final long timeoutNanos;
  private final int byteCap;
  private final int maxConnections;
  private final Map<ConnectionKey, Conn> table = new HashMap<>();
  private final ConnectionKey probe = new ConnectionKey();
  private long lastSweep = Long.MIN_VALUE;
  private long now;

  private long connections;
  private long partial;
  private long retransmitted;
  private long outOfOrder;
  private long timedOut;
  private long overCap;
  private long tableFull;

  /**
   * @param timeoutNanos idle time (capture clock) after which a connection is evicted
   * @param byteCap most out-of-order bytes held for one connection
   * @param maxConnections most connections followed at once
   */
  public TcpReassembler(StreamHandler.Factory factory, long timeoutNanos, int byteCap, int maxConnections) {
    this.factory = factory;
    this.timeoutNanos = timeoutNanos;
    this.byteCap = byteCap;
    this.maxConnections = maxConnections;
  }

  /** Processes one segment. */
  public void segment(TcpSegment s) {
    tick(s.timestampNanos);
    probe.set(s.srcHi, s.srcLo, s.srcPort, s.dstHi, s.dstLo, s.dstPort);
    Conn c = table.get(probe);
    boolean syn = s.has(TcpSegment.SYN) && !s.has(TcpSegment.ACK);
    boolean synAck = s.has(TcpSegment.SYN) && s.has(TcpSegment.ACK);
    if (c != null && syn && (c.handler == null || c.closedAt != NOT_CLOSED || c.client.next != s.seq + 1)) {
      end(c, StreamHandler.End.CLOSED); // the 4-tuple is reused by a new connection
      table.remove(c.key);
      c = null;
    }
    if (c != null && c.closedAt != NOT_CLOSED) {
      return; // late segments of a closed connection (retransmissions, the last ACKs)
    }
    if (c == null) {
      c = open(s, syn, synAck);
      if (c == null) {
        return;
      }
    }
    c.lastSeen = now;
    if (c.handler == null) {
      return;
    }
    boolean fromClient = c.ends.clientPort() == s.srcPort && c.ends.clientLo() == s.srcLo
        && c.ends.clientHi() == s.srcHi;
    Side side = fromClient ? c.client : c.server;
    if (synAck && !fromClient && !side.known) {
      side.known = true;
      side.next = s.seq + 1;
    }
    if (fromClient && s.has(TcpSegment.ACK) && !c.server.known) {
      c.server.known = true; // the SYN-ACK was not captured: the client's ACK tells where the server starts
      c.server.next = s.ack;
    }
    if (s.has(TcpSegment.RST)) {
      end(c, StreamHandler.End.RESET);
      return;
    }
    if (s.payloadLength > 0 && side.known && !c.done) {
      payload(c, side, fromClient, s);
      if (c.ended) {
        return;
      }
    }
    if (s.has(TcpSegment.FIN) && (c.done || side.known && side.next - (s.seq + s.payloadLength) >= 0)) {
      end(c, StreamHandler.End.CLOSED);
    }
  }

  private Conn open(TcpSegment s, boolean syn, boolean synAck) {
    if (!syn && !synAck) {
      if (s.payloadLength > 0 && !s.has(TcpSegment.RST) && !s.has(TcpSegment.FIN)) {
        partial++;
        if (table.size() < maxConnections) {
          Conn skipped = new Conn(probe.copy(), null);
          skipped.lastSeen = now;
          table.put(skipped.key, skipped);
        }
      }
      return null;
    }
    if (table.size() >= maxConnections) {
      tableFull++;
      return null;
    }
    TcpConnection ends = syn
        ? new TcpConnection(s.srcHi, s.srcLo, s.srcPort, s.dstHi, s.dstLo, s.dstPort)
        : new TcpConnection(s.dstHi, s.dstLo, s.dstPort, s.srcHi, s.srcLo, s.srcPort);
    Conn c = new Conn(probe.copy(), ends);
    if (syn) {
      c.client.known = true;
      c.client.next = s.seq + 1;
    } else {
      c.client.known = true;
      c.client.next = s.ack;
    }
    c.handler = factory.open(ends);
    connections++;
    table.put(c.key, c);
    return c;
  }

  private void payload(Conn c, Side side, boolean fromClient, TcpSegment s) {
    int rel = s.seq - side.next;
    if (rel > 0) {
      if (c.held + s.payloadLength > byteCap || rel > byteCap) {
        overCap++;
        end(c, StreamHandler.End.BYTE_CAP);
        return;
      }
      outOfOrder++;
      byte[] copy = new byte[s.payloadLength];
      System.arraycopy(s.data, s.payloadOffset, copy, 0, copy.length);
      side.hold(s.seq, copy);
      c.held += copy.length;
      return;
    }
    int skip = -rel;
    if (skip >= s.payloadLength) {
      retransmitted++;
      return;
    }
    deliver(c, side, fromClient, s.data, s.payloadOffset + skip, s.payloadLength - skip);
    while (!c.done && side.held != null && !side.held.isEmpty()) {
      Held h = side.held.get(0);
      int r = h.seq - side.next;
      if (r > 0) {
        break;
      }
      side.held.remove(0);
      c.held -= h.bytes.length;
      if (-r < h.bytes.length) {
        deliver(c, side, fromClient, h.bytes, -r, h.bytes.length + r);
      }
    }
  }

  private void deliver(Conn c, Side side, boolean fromClient, byte[] b, int off, int len) {
    side.next += len;
    c.handler.data(fromClient, b, off, len, now);
    if (!c.handler.wantsData()) {
      c.done = true;
      c.client.held = null;
      c.server.held = null;
      c.held = 0;
    }
  }

  /**
   * Ends a connection. A closed or reset one stays in the table for {@link #LINGER_NANOS}, so that its late
   * segments are not taken for a connection whose start was not captured.
   */
  private void end(Conn c, StreamHandler.End why) {
    if (!c.ended && c.handler != null) {
      c.handler.end(why, now);
    }
    c.ended = true;
    c.client.held = null;
    c.server.held = null;
    if (why == StreamHandler.End.CLOSED || why == StreamHandler.End.RESET) {
      c.closedAt = now;
    } else {
      table.remove(c.key);
    }
  }

  /** Advances the capture clock (a live capture calls this when no packet came) and evicts idle connections. */
  public void tick(long timestampNanos) {
    now = Math.max(now, timestampNanos);
    if (lastSweep == Long.MIN_VALUE || now - lastSweep >= timeoutNanos / 4) {
      sweep();
      lastSweep = now;
    }
  }

  /** Evicts connections idle for longer than the timeout. */
  private void sweep() {
    List<Conn> idle = null;
    for (Conn c : table.values()) {
      if (c.closedAt != NOT_CLOSED ? now - c.closedAt > LINGER_NANOS : now - c.lastSeen > timeoutNanos) {
        if (idle == null) {
          idle = new ArrayList<>();
        }
        idle.add(c);
      }
    }
    if (idle != null) {
      for (Conn c : idle) {
        if (c.handler != null && !c.done && !c.ended) {
          timedOut++;
        }
        end(c, StreamHandler.End.TIMEOUT);
      }
    }
  }

  /** Ends every connection still open (the capture is over). */
  public void finish() {
    for (Conn c : new ArrayList<>(table.values())) {
      end(c, StreamHandler.End.END_OF_CAPTURE);
    }
  }

  /** Connections whose start was captured. */
  public long connections() {
    return connections;
  }

  /** Connections skipped because their start was not captured. */
  public long partial() {
    return partial;
  }

  /** Segments whose bytes had all been delivered already. */
  public long retransmitted() {
    return retransmitted;
  }

  /** Segments held because they arrived ahead of a gap. */
  public long outOfOrder() {
    return outOfOrder;
  }

  /** Unfinished connections evicted after the idle timeout. */
  public long timedOut() {
    return timedOut;
  }

  /** Connections evicted for holding too many out-of-order bytes. */
  public long overByteCap() {
    return overCap;
  }

  /** New connections not followed because the table was full. */
  public long tableFull() {
    return tableFull;
  }

  /** Connections currently followed. */
  public int open() {
    return table.size();
  }

  /** One held out-of-order segment. */
  private record Held(int seq, byte[] bytes) {}

  /** One direction of a connection. */
  private static final class Side {
    boolean known;
    int next;
    List<Held> held;

    void hold(int seq, byte[] bytes) {
      if (held == null) {
        held = new ArrayList<>(4);
      }
      int i = 0;
      while (i < held.size() && held.get(i).seq - seq <= 0) {
        i++;
      }
      held.add(i, new Held(seq, bytes));
    }
  }

  private static final class Conn {
    final ConnectionKey key;
    final TcpConnection ends;
    final Side client = new Side();
    final Side server = new Side();
    StreamHandler handler;
    long lastSeen;
    int held;
    boolean done;
    boolean ended;
    long closedAt = NOT_CLOSED;

    Conn(ConnectionKey key, TcpConnection ends) {
      this.key = key;
      this.ends = ends;
    }
  }
}
