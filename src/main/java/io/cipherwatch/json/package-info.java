/**
 * The JSON form of the Avro records (handshakes, trunk metadata and the outputs) that the HTTP API, the
 * simulator's files and {@code replay} write: Avro field names, enums by name, times as ISO-8601 UTC, bytes as
 * Base64. Depends on the generated Avro classes and Jackson only.
 */
package io.cipherwatch.json;
