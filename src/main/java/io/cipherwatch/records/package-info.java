/**
 * The one mapping between the domain's alert enums and the Avro ones, at the edge. May depend on {@code alerting}
 * only (and the Avro classes).
 */
package io.cipherwatch.records;
