package io.cipherwatch.capture.synth;

import io.cipherwatch.capture.net.PacketDecoder;
import io.cipherwatch.capture.pcap.PcapWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Generates a capture of many SIP-trunk TLS handshakes for the benchmark: clients from 10.1.0.0/16 to an edge
 * listener 10.0.0.1:5061. Mix: 60 % TLS 1.2 full handshakes (a deprecated suite chosen in a third of them), 30 %
 * TLS 1.3, 10 % failed with a handshake_failure alert. Realistic sizes: a ~1.8 KB certificate flight, so about
 * 12 frames per handshake.
 */
public final class SyntheticCapture {
  /** Handshakes written by outcome. */
  public record Result(long handshakes, long established, long failed, long frames) {}

  private static final int EDGE = Frames.ip(10, 0, 0, 1);
  private static final int[] OFFER_12 = {0xC02F, 0xC030, 0xC028, 0x003D, 0xC013, 0x009C, 0x002F};
  private static final int[] OFFER_13 = {0x1A1A, 0x1301, 0x1302, 0x1303, 0xC02B, 0xC02F, 0xC030};

  private SyntheticCapture() {}

  /** Writes {@code handshakes} handshakes to {@code file} (pcap, Ethernet). */
  public static Result write(Path file, long handshakes, long seed) throws IOException {
    SplittableRandom rnd = new SplittableRandom(seed);
    byte[] certificate = TlsBytes.handshake(11, new byte[1800]);
    byte[] serverDone = TlsBytes.handshake(14, new byte[0]);
    byte[] ccs = TlsBytes.record(20, 0x0303, new byte[] {1});
    byte[] finished = TlsBytes.record(22, 0x0303, new byte[40]);
    byte[] keyExchange = TlsBytes.record(22, 0x0303, TlsBytes.handshake(16, new byte[66]));
    byte[] encryptedFlight = TlsBytes.record(23, 0x0303, new byte[2100]);
    byte[] clientFinished13 = TlsBytes.record(23, 0x0303, new byte[53]);
    byte[] failure = TlsBytes.alert(2, 40);
    long established = 0;
    long failed = 0;
    long[] frames = {0};
    long time = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z
    try (OutputStream os = Files.newOutputStream(file);
        PcapWriter w = new PcapWriter(os, PacketDecoder.LINKTYPE_ETHERNET)) {
      TcpConversation.FrameSink sink = (ts, f) -> {
        w.packet(ts, f, 0, f.length);
        frames[0]++;
      };
      for (long i = 0; i < handshakes; i++) {
        int client = Frames.ip(10, 1, (int) (i >>> 8) & 0xff, (int) i & 0xff);
        int port = 1024 + (int) ((i >>> 16) % 60000);
        byte[] random = new byte[32];
        for (int k = 0; k < 32; k += 8) {
          long r = rnd.nextLong();
          for (int j = 0; j < 8; j++) {
            random[k + j] = (byte) (r >>> (8 * j));
          }
        }
        TcpConversation c = new TcpConversation(sink, client, port, EDGE, 5061, rnd.nextInt(), rnd.nextInt(), time)
            .open();
        int kind = rnd.nextInt(10);
        if (kind < 6) {
          int chosen = rnd.nextInt(3) == 0 ? 0xC028 : 0xC02F;
          c.client(TlsBytes.record(22, 0x0301, TlsBytes.clientHello(random, OFFER_12, "sip.example.net", null, 0)));
          c.server(TlsBytes.record(22, 0x0303, TlsBytes.concat(TlsBytes.serverHello(random, chosen, 0, false),
              certificate, serverDone)));
          c.client(TlsBytes.concat(keyExchange, ccs, finished));
          c.server(TlsBytes.concat(ccs, finished));
          established++;
        } else if (kind < 9) {
          c.client(TlsBytes.record(22, 0x0301, TlsBytes.clientHello(random, OFFER_13, "sip.example.net",
              new int[] {0x2A2A, 0x0304, 0x0303}, 0)));
          c.server(TlsBytes.concat(TlsBytes.record(22, 0x0303, TlsBytes.serverHello(random, 0x1301, 0x0304, false)),
              ccs, encryptedFlight));
          c.client(TlsBytes.concat(ccs, clientFinished13));
          established++;
        } else {
          c.client(TlsBytes.record(22, 0x0301, TlsBytes.clientHello(random, new int[] {0x0005, 0x000A}, null, null,
              0)));
          c.server(failure);
          failed++;
        }
        c.close();
        time = c.time();
      }
    }
    return new Result(handshakes, established, failed, frames[0]);
  }
}
