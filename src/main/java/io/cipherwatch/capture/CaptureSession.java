package io.cipherwatch.capture;

import io.cipherwatch.capture.net.PacketDecoder;
import io.cipherwatch.capture.net.TcpSegment;
import io.cipherwatch.capture.pcap.PacketHandler;
import io.cipherwatch.capture.tcp.TcpReassembler;
import io.cipherwatch.capture.tls.TlsDissector;
import io.cipherwatch.capture.tls.TlsStats;
import java.time.Duration;

/**
 * One capture run: packets in (from files or a live interface), through link/IP/TCP decoding, TCP reassembly and
 * TLS handshake tracking, to {@link HandshakeEvent}s in a {@link HandshakeSink}. Single-threaded.
 */
public final class CaptureSession implements PacketHandler {
  /** Default idle time after which an unfinished handshake is evicted (FAILED, {@code timeout}). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  /** Most out-of-order bytes held per connection. */
  public static final int BYTE_CAP = 256 * 1024;
  /** Most connections followed at once. */
  public static final int MAX_CONNECTIONS = 1_000_000;

  private final PacketDecoder decoder = new PacketDecoder();
  private final TcpSegment segment = new TcpSegment();
  private final TlsDissector dissector;
  private final TcpReassembler reassembler;
  private final EventFactory events;
  private long packets;

  public CaptureSession(EventFactory events, HandshakeSink sink, Duration timeout) {
    this.events = events;
    this.dissector = new TlsDissector(h -> sink.accept(events.event(h)));
    this.reassembler = new TcpReassembler(dissector, timeout.toNanos(), BYTE_CAP, MAX_CONNECTIONS);
  }

  @Override
  public void packet(int linkType, long timestampNanos, byte[] data, int offset, int length) {
    packets++;
    if (decoder.decode(linkType, timestampNanos, data, offset, length, segment)) {
      reassembler.segment(segment);
    }
  }

  /** Advances the capture clock without a packet (live capture when the wire is quiet). */
  public void tick(long timestampNanos) {
    reassembler.tick(timestampNanos);
  }

  /** Ends every open connection: the capture is over. */
  public void finish() {
    reassembler.finish();
  }

  /** The counters so far. */
  public Summary summary() {
    TlsStats t = dissector.stats();
    return new Summary(packets, decoder.notTcp() + decoder.unsupportedLink() + decoder.fragments(),
        decoder.malformed(), reassembler.connections(), t.established(), t.failed(), reassembler.partial(),
        t.notTls(), t.malformed(), t.noClientHello(), t.unfinished(), reassembler.timedOut(),
        reassembler.overByteCap() + reassembler.tableFull(), events.unmatched());
  }

  /**
   * What a capture saw.
   *
   * @param packets packets read
   * @param notTcp packets skipped as not TCP (other protocols, unknown link types, IP fragments)
   * @param badPackets packets too short or inconsistent to decode
   * @param connections TCP connections whose start was captured
   * @param established handshakes ESTABLISHED
   * @param failed handshakes FAILED
   * @param partial connections skipped because their start was not captured
   * @param notTls connections that were not TLS
   * @param malformedTls connections dropped for a malformed TLS record or hello
   * @param noClientHello connections that ended before a ClientHello
   * @param unfinished handshakes undecided when the capture ended (not emitted)
   * @param timedOut handshakes evicted after the idle timeout (emitted as FAILED, timeout)
   * @param dropped connections dropped for the byte cap or a full connection table
   * @param unmatched handshakes whose remote matched no trunk
   */
  public record Summary(long packets, long notTcp, long badPackets, long connections, long established,
      long failed, long partial, long notTls, long malformedTls, long noClientHello, long unfinished,
      long timedOut, long dropped, long unmatched) {

    public long handshakes() {
      return established + failed;
    }

    /** Two lines for a person. */
    public String format() {
      return String.format("%,d packets (%,d not TCP, %,d undecodable), %,d TCP connections%n"
              + "  handshakes: %,d ESTABLISHED, %,d FAILED (%,d timed out); skipped: %,d partial connections,"
              + " %,d not TLS, %,d malformed TLS, %,d closed before ClientHello, %,d unfinished at end,"
              + " %,d dropped; %,d with unmatched remote",
          packets, notTcp, badPackets, connections, established, failed, timedOut, partial, notTls, malformedTls,
          noClientHello, unfinished, dropped, unmatched);
    }
  }
}
