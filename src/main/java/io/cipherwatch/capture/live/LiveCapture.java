package io.cipherwatch.capture.live;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import io.cipherwatch.capture.pcap.PacketHandler;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Captures packets from a network interface through libpcap, with a BPF filter. Opening fails with a message
 * that says what to do (the capabilities to grant, the interface that does not exist, the filter that does not
 * compile), not a stack trace.
 */
public final class LiveCapture implements AutoCloseable {
  private static final int SNAPLEN = 65535;
  private static final int READ_TIMEOUT_MILLIS = 200;
  private static final int BUFFER_BYTES = 16 << 20;
  private static final int IDLE_SLEEP_MILLIS = 10;

  private final LibPcap pcap;
  private final Pointer handle;
  private final int linkType;
  private final byte[] buffer = new byte[SNAPLEN];

  private LiveCapture(LibPcap pcap, Pointer handle, int linkType) {
    this.pcap = pcap;
    this.handle = handle;
    this.linkType = linkType;
  }

  /**
   * Opens {@code device} with {@code filter}.
   *
   * @throws IllegalStateException with a message for a person
   */
  public static LiveCapture open(String device, String filter) {
    LibPcap pcap = LibPcap.load();
    byte[] errbuf = new byte[LibPcap.PCAP_ERRBUF_SIZE];
    Pointer h = pcap.pcap_create(device, errbuf);
    if (h == null) {
      throw new IllegalStateException("Cannot capture on '" + device + "': " + text(errbuf));
    }
    pcap.pcap_set_snaplen(h, SNAPLEN);
    pcap.pcap_set_promisc(h, 0);
    pcap.pcap_set_timeout(h, READ_TIMEOUT_MILLIS);
    pcap.pcap_set_buffer_size(h, BUFFER_BYTES);
    int rc = pcap.pcap_activate(h);
    if (rc < 0) {
      String detail = rc == LibPcap.PCAP_ERROR ? pcap.pcap_geterr(h) : pcap.pcap_statustostr(rc);
      pcap.pcap_close(h);
      throw new IllegalStateException(activateMessage(device, rc, detail));
    }
    Memory program = new Memory(16); // struct bpf_program { u_int bf_len; struct bpf_insn *bf_insns; }
    program.clear();
    if (pcap.pcap_compile(h, program, filter, 1, 0xFFFFFFFF) != 0) {
      String why = pcap.pcap_geterr(h);
      pcap.pcap_close(h);
      throw new IllegalStateException("The capture filter '" + filter + "' is not valid BPF (" + why
          + "); see 'man pcap-filter', e.g. --filter 'tcp port 5061'");
    }
    int set = pcap.pcap_setfilter(h, program);
    pcap.pcap_freecode(program);
    if (set != 0) {
      String why = pcap.pcap_geterr(h);
      pcap.pcap_close(h);
      throw new IllegalStateException("Cannot set the capture filter on '" + device + "': " + why);
    }
    // Linux's TPACKET_V3 read timeout only runs once a packet arrived: poll without blocking instead
    if (pcap.pcap_setnonblock(h, 1, errbuf) != 0) {
      pcap.pcap_close(h);
      throw new IllegalStateException("Cannot capture on '" + device + "': " + text(errbuf));
    }
    return new LiveCapture(pcap, h, pcap.pcap_datalink(h));
  }

  /** The message for a failed activation; permission errors name the capabilities to grant. */
  static String activateMessage(String device, int rc, String detail) {
    if (rc == LibPcap.PCAP_ERROR_PERM_DENIED || rc == LibPcap.PCAP_ERROR_PROMISC_PERM_DENIED
        || detail != null && detail.contains("Operation not permitted")) {
      return "Cannot capture on '" + device + "': permission denied (" + detail + "). Packet capture needs the"
          + " CAP_NET_RAW and CAP_NET_ADMIN capabilities: run as root, or grant them to the Java binary with"
          + " 'setcap cap_net_raw,cap_net_admin+eip \"$(readlink -f \"$(command -v java)\")\"' (in a container:"
          + " --cap-add NET_RAW --cap-add NET_ADMIN; in Kubernetes: securityContext.capabilities.add).";
    }
    if (rc == LibPcap.PCAP_ERROR_NO_SUCH_DEVICE) {
      return "Cannot capture on '" + device + "': no such interface; list them with 'ip link' (e.g. eth0, lo)";
    }
    return "Cannot capture on '" + device + "': " + detail;
  }

  /**
   * Reads packets until {@code stop} says so (checked at least every 10 ms); {@code idle} gets the wall clock
   * (nanoseconds since the epoch) whenever no packet is waiting, and at least every read timeout otherwise.
   *
   * @throws IllegalStateException when libpcap reports an error
   */
  public void loop(PacketHandler handler, BooleanSupplier stop, LongConsumer idle) {
    PointerByReference header = new PointerByReference();
    PointerByReference data = new PointerByReference();
    long lastIdle = System.nanoTime();
    while (!stop.getAsBoolean()) {
      int rc = pcap.pcap_next_ex(handle, header, data);
      if (rc == 1) {
        Pointer h = header.getValue();
        long sec = h.getNativeLong(0).longValue();
        long usec = h.getNativeLong(Native.LONG_SIZE).longValue();
        int caplen = h.getInt(2L * Native.LONG_SIZE);
        if (caplen < 0 || caplen > buffer.length) {
          continue;
        }
        data.getValue().read(0, buffer, 0, caplen);
        handler.packet(linkType, sec * 1_000_000_000L + usec * 1000, buffer, 0, caplen);
      } else if (rc < 0) {
        throw new IllegalStateException("Capture stopped: " + pcap.pcap_geterr(handle));
      }
      if (rc == 0 || System.nanoTime() - lastIdle > READ_TIMEOUT_MILLIS * 1_000_000L) {
        lastIdle = System.nanoTime();
        idle.accept(System.currentTimeMillis() * 1_000_000L);
      }
      if (rc == 0) {
        try {
          Thread.sleep(IDLE_SLEEP_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** The interface's link type. */
  public int linkType() {
    return linkType;
  }

  @Override
  public void close() {
    pcap.pcap_close(handle);
  }

  private static String text(byte[] errbuf) {
    int n = 0;
    while (n < errbuf.length && errbuf[n] != 0) {
      n++;
    }
    return new String(errbuf, 0, n, StandardCharsets.UTF_8);
  }
}
