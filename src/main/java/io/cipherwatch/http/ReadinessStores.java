package io.cipherwatch.http;

import io.cipherwatch.avro.RemoteProbe;
import io.cipherwatch.probe.ProbeReport;
import io.cipherwatch.readiness.ProbeResult;
import io.cipherwatch.topology.ReadinessDays;
import io.cipherwatch.topology.StoreNames;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads this instance's days of offers ({@code trunk-state} and {@code readiness-state} partitions) and the global
 * {@code remote-probes-store}.
 */
final class ReadinessStores {
  private static final Logger LOG = LoggerFactory.getLogger(ReadinessStores.class);
  private final KafkaStreams streams;
  private final Deserializer<RemoteProbe> probeDeserializer;
  private final String probesTopic;

  ReadinessStores(KafkaStreams streams, Deserializer<RemoteProbe> probeDeserializer, String probesTopic) {
    this.streams = streams;
    this.probeDeserializer = probeDeserializer;
    this.probesTopic = probesTopic;
  }

  /**
   * Every day of offers of this instance's active partitions, as {@code readiness-state} entries
   * ({@link ReadinessDays#merge}: the newest day of each pair is in {@code trunk-state}).
   */
  List<Map.Entry<byte[], byte[]>> localEntries() {
    List<Map.Entry<byte[], byte[]>> newest = entries(StoreNames.TRUNK_STATE);
    return ReadinessDays.merge(newest, entries(StoreNames.READINESS_STATE));
  }

  private List<Map.Entry<byte[], byte[]>> entries(String storeName) {
    ReadOnlyKeyValueStore<Bytes, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(
        storeName, QueryableStoreTypes.<Bytes, byte[]>keyValueStore()));
    List<Map.Entry<byte[], byte[]>> out = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> kv = it.next();
        out.add(new AbstractMap.SimpleEntry<>(kv.key.get(), kv.value));
      }
    }
    return out;
  }

  /** The latest probe per trunk; an undecodable one is skipped and logged. */
  Map<String, ProbeResult> probes() {
    ReadOnlyKeyValueStore<String, byte[]> global = streams.store(
        StoreQueryParameters.fromNameAndType(StoreNames.REMOTE_PROBES, QueryableStoreTypes.keyValueStore()));
    Map<String, ProbeResult> out = new HashMap<>();
    try (KeyValueIterator<String, byte[]> it = global.all()) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        try {
          out.put(kv.key, ProbeReport.result(probeDeserializer.deserialize(probesTopic, kv.value)));
        } catch (RuntimeException e) {
          LOG.warn("Undecodable probe for trunk '{}' ({}); answering without it", kv.key, e.toString());
        }
      }
    }
    return out;
  }
}
