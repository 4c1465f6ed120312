/**
 * Security defaults shared by cipherwatch's own TLS clients (Kafka clients, the schema-registry client) and the
 * one place secrets are removed from text meant for people ({@link io.cipherwatch.security.Redaction}). No Kafka
 * client code; the protocol and suite lists are {@link io.cipherwatch.security.TlsDefaults}. Depends on nothing of
 * cipherwatch.
 */
package io.cipherwatch.security;
