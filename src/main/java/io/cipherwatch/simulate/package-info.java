/**
 * The fleet model: trunks, remote TLS profiles, offers, diurnal traffic, failovers, remediation and faults, as
 * seeded timelines of handshake events. No Kafka; may depend on {@code replay} (its JSON format) only.
 */
package io.cipherwatch.simulate;
