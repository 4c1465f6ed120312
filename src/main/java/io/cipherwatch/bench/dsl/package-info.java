/**
 * The Kafka Streams DSL version of cipherwatch's usage rows that {@code bench} measures cipherwatch against.
 * Uses the domain (policy, catalog) and the Avro serdes, never the cipherwatch topology or its processors.
 */
package io.cipherwatch.bench.dsl;
