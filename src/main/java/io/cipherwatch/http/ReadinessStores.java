package io.cipherwatch.http;

import io.cipherwatch.avro.RemoteProbe;
import io.cipherwatch.metrics.ActiveStores;
import io.cipherwatch.probe.ProbeReport;
import io.cipherwatch.readiness.ProbeResult;
import io.cipherwatch.topology.ReadinessDays;
import io.cipherwatch.topology.StoreNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads this instance's days of offers ({@code trunk-state} and {@code readiness-state}, one active partition at a
 * time) and the global {@code remote-probes-store}.
 */
final class ReadinessStores {
  private static final Logger LOG = LoggerFactory.getLogger(ReadinessStores.class);
  private final ActiveStores stores;
  private final Deserializer<RemoteProbe> probeDeserializer;
  private final String probesTopic;

  ReadinessStores(ActiveStores stores, Deserializer<RemoteProbe> probeDeserializer, String probesTopic) {
    this.stores = stores;
    this.probeDeserializer = probeDeserializer;
    this.probesTopic = probesTopic;
  }

  /**
   * Every day of offers of one active partition, as {@code readiness-state} entries ({@link ReadinessDays#merge}:
   * the newest day of each pair is in {@code trunk-state}).
   *
   * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while the partition is not queryable
   */
  List<Map.Entry<byte[], byte[]>> entries(int partition) {
    return ReadinessDays.merge(stores.byteEntries(StoreNames.TRUNK_STATE, partition),
        stores.byteEntries(StoreNames.READINESS_STATE, partition));
  }

  /** The latest probe per trunk; an undecodable one is skipped and logged. */
  Map<String, ProbeResult> probes() {
    ReadOnlyKeyValueStore<String, byte[]> global = stores.streams().store(
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
