/**
 * Edge capture: TLS handshakes from packets. Layers, each knowing only the one below: {@code pcap} (capture
 * files) and {@code live} (libpcap) deliver frames; {@code net} decodes them to TCP segments; {@code tcp}
 * reassembles connections; {@code tls} reads records and hellos and decides each handshake's outcome;
 * {@code endpoint} maps addresses to direction and trunk. {@link io.cipherwatch.capture.CaptureSession} wires
 * them and hands {@code HandshakeEvent}s to a sink (JSONL here, Kafka in {@code kafka}); nothing below the sinks
 * knows Kafka.
 */
package io.cipherwatch.capture;
