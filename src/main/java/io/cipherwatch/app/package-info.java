/**
 * One running instance: configuration to Kafka Streams properties, topics checked or created, the topology
 * started with its stores, metrics and the two HTTP listeners wired, graceful close. May depend on {@code config},
 * {@code serde}, {@code topology}, {@code metrics}, {@code http}, {@code health} and the data packages below them.
 */
package io.cipherwatch.app;
