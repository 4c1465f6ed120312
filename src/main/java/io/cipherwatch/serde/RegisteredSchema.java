package io.cipherwatch.serde;

import org.apache.avro.Schema;

/**
 * One version of a subject in the schema registry.
 *
 * @param subject the subject name
 * @param id the global schema id (what goes into the wire format)
 * @param version the version number within the subject, starting at 1
 * @param schema the parsed Avro schema
 */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {
}
