/**
 * The IANA TLS cipher-suite registry and OpenSSL names, bundled: every spelling of a suite, GREASE values, suite
 * traits. Plain Java, no Kafka; depends on nothing of cipherwatch.
 */
package io.cipherwatch.catalog;
