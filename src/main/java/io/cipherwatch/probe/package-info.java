/**
 * The active check of an outbound remote: a real TLS ClientHello offering only the suites that survive a removal,
 * and its report. No Kafka; may depend on {@code readiness} and {@code catalog}.
 */
package io.cipherwatch.probe;
