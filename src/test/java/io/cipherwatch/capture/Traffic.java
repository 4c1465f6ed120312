package io.cipherwatch.capture;

import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.capture.endpoint.AddressPattern;
import io.cipherwatch.capture.endpoint.EndpointTable;
import io.cipherwatch.capture.net.PacketDecoder;
import io.cipherwatch.capture.synth.Frames;
import io.cipherwatch.capture.synth.TcpConversation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Hand-built captures for tests: frames in a list, run through a {@link CaptureSession}. */
final class Traffic {
  static final int EDGE = Frames.ip(10, 0, 0, 1);
  static final long START = 1_767_225_600_000_000_000L;

  final List<long[]> times = new ArrayList<>();
  final List<byte[]> frames = new ArrayList<>();
  final TcpConversation.FrameSink sink = (ts, f) -> {
    times.add(new long[] {ts});
    frames.add(f);
  };

  /** A conversation from client 192.0.2.{n} to the edge listener 10.0.0.1:5061. */
  TcpConversation conversation(int n, long startNanos) {
    return new TcpConversation(sink, Frames.ip(192, 0, 2, n), 40000 + n, EDGE, 5061, 1000 * n, -5000 * n,
        startNanos);
  }

  /** Runs every frame through a session; returns the events. */
  Run run(EndpointTable<String> trunks) {
    EndpointTable<Boolean> edges = new EndpointTable<>();
    edges.put(AddressPattern.parse("10.0.0.0/24:5061"), Boolean.TRUE);
    List<HandshakeEvent> events = new ArrayList<>();
    HandshakeSink sink = new HandshakeSink() {
      @Override
      public void accept(HandshakeEvent e) {
        events.add(e);
      }

      @Override
      public void close() {}
    };
    CaptureSession s = new CaptureSession(new EventFactory("edge-1", edges, trunks), sink, Duration.ofSeconds(30));
    for (int i = 0; i < frames.size(); i++) {
      byte[] f = frames.get(i);
      s.packet(PacketDecoder.LINKTYPE_ETHERNET, times.get(i)[0], f, 0, f.length);
    }
    s.finish();
    return new Run(events, s.summary());
  }

  Run run() {
    return run(new EndpointTable<>());
  }

  record Run(List<HandshakeEvent> events, CaptureSession.Summary summary) {
    HandshakeEvent only() {
      if (events.size() != 1) {
        throw new AssertionError("expected one event, got " + events + " / " + summary);
      }
      return events.get(0);
    }
  }
}
