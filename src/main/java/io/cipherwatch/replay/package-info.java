/**
 * Offline analysis: the topology over a JSON-lines file (on TopologyTestDriver), lenient JSON input, the JSON
 * rendering of the outputs, and the inputs of the offline readiness report. May depend on {@code topology},
 * {@code serde}, {@code config}, {@code probe} and the domain packages.
 */
package io.cipherwatch.replay;
