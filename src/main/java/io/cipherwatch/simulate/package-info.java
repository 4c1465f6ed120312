/**
 * The fleet model: trunks, remote TLS profiles, offers, diurnal traffic, failovers, remediation and faults, as
 * seeded timelines of handshake events. No Kafka; may depend on {@code json} (the JSON rendering) only.
 */
package io.cipherwatch.simulate;
