/**
 * TCP reassembly per connection: out-of-order, retransmitted and overlapping segments, bounded bytes per
 * connection, idle eviction. May depend on {@code capture.net} only.
 */
package io.cipherwatch.capture.tcp;
