/**
 * Offline analysis: the topology's processors over a JSON-lines file (in line, without a broker), lenient JSON
 * input read on a thread of its own, the JSON rendering of the outputs, and the inputs of the offline readiness
 * report. May depend on {@code topology}, {@code serde}, {@code config}, {@code probe} and the domain packages.
 */
package io.cipherwatch.replay;
