package io.cipherwatch.capture.live;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/** The few libpcap functions live capture needs, bound through JNA. */
interface LibPcap extends Library {
  int PCAP_ERROR = -1;
  int PCAP_ERROR_NO_SUCH_DEVICE = -5;
  int PCAP_ERROR_PERM_DENIED = -8;
  int PCAP_ERROR_PROMISC_PERM_DENIED = -11;
  int PCAP_ERRBUF_SIZE = 256;

  Pointer pcap_create(String device, byte[] errbuf);

  int pcap_set_snaplen(Pointer p, int snaplen);

  int pcap_set_promisc(Pointer p, int promisc);

  int pcap_set_timeout(Pointer p, int millis);

  int pcap_set_buffer_size(Pointer p, int bytes);

  int pcap_activate(Pointer p);

  int pcap_datalink(Pointer p);

  int pcap_setnonblock(Pointer p, int nonblock, byte[] errbuf);

  int pcap_compile(Pointer p, Pointer program, String filter, int optimize, int netmask);

  int pcap_setfilter(Pointer p, Pointer program);

  void pcap_freecode(Pointer program);

  int pcap_next_ex(Pointer p, PointerByReference header, PointerByReference data);

  String pcap_geterr(Pointer p);

  String pcap_statustostr(int error);

  void pcap_close(Pointer p);

  /** Loads libpcap (the unversioned name exists only with the -dev package; the runtime has libpcap.so.N). */
  static LibPcap load() {
    UnsatisfiedLinkError last = null;
    for (String name : new String[] {"pcap", "libpcap.so.1", "libpcap.so.0.8"}) {
      try {
        return Native.load(name, LibPcap.class);
      } catch (UnsatisfiedLinkError e) {
        last = e;
      }
    }
    throw new IllegalStateException("libpcap is not installed: install it (Debian: apt-get install libpcap0.8)"
        + " to capture from an interface", last);
  }
}
