package io.cipherwatch.capture.pcap;

/** Receives captured packets. The bytes are only valid during the call (the buffer is reused). */
@FunctionalInterface
public interface PacketHandler {
  /**
   * One packet.
   *
   * @param linkType the capture's link-layer type (LINKTYPE_* number)
   * @param timestampNanos capture time, nanoseconds since the epoch
   * @param data buffer holding the captured bytes
   * @param offset first byte of the packet in {@code data}
   * @param length captured length
   */
  void packet(int linkType, long timestampNanos, byte[] data, int offset, int length);
}
