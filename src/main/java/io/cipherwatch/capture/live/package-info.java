/**
 * Live capture through the system's libpcap (JNA): frames from an interface with a BPF filter, and a clear error
 * naming the capabilities to grant. May depend on {@code capture.pcap} only.
 */
package io.cipherwatch.capture.live;
