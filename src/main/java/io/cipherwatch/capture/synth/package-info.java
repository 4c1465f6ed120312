/**
 * Generated captures for the benchmark: many TLS handshakes written as a pcap file. May depend on
 * {@code capture.net} and {@code capture.pcap}.
 */
package io.cipherwatch.capture.synth;
