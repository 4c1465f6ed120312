/**
 * Capture files: pcap (both byte orders, micro- and nanosecond) and pcapng, gzip detected, read as frames with
 * every length checked; a corrupt file ends at its last good packet. Depends on nothing of cipherwatch.
 */
package io.cipherwatch.capture.pcap;
