/**
 * Micrometer meters: counters fed by the topology through {@code TopologyMetrics}, scrape-time gauges from the
 * stores of the partitions this instance owns, and every metric name ({@link io.cipherwatch.metrics.MetricNames}).
 * May depend on {@code topology}, {@code health} and the domain packages (readiness included).
 */
package io.cipherwatch.metrics;
