package io.cipherwatch.topology;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The input's record timestamps as Kafka Streams' stream time, bounded: a timestamp that is negative or more
 * than the allowed skew ahead of the wall clock is replaced by the partition's time so far (or the wall clock
 * for a partition's first record), so one far-future record cannot advance stream time, and no record is
 * dropped for its timestamp. The window processor keeps its own event time from the events' payload; this
 * guards Kafka Streams' time and the timestamps of the dead letters derived from the record.
 */
final class BoundedTimestampExtractor implements TimestampExtractor {
  private final long maxFutureSkewMs;

  BoundedTimestampExtractor(long maxFutureSkewMs) {
    this.maxFutureSkewMs = maxFutureSkewMs;
  }

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    long ts = record.timestamp();
    if (ts >= 0 && ts - maxFutureSkewMs <= System.currentTimeMillis()) {
      return ts;
    }
    return partitionTime >= 0 ? partitionTime : System.currentTimeMillis();
  }
}
