/**
 * An in-process single-node KRaft broker (plaintext, SSL with client auth, SASL_SSL with SCRAM) for the demo,
 * the benchmark and the integration tests. Depends on nothing of cipherwatch.
 */
package io.cipherwatch.embedded;
