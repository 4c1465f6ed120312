package io.cipherwatch.topology;

import io.cipherwatch.avro.CipherPolicy;
import io.cipherwatch.policy.ActivePolicy;
import io.cipherwatch.policy.PolicyHolder;
import io.cipherwatch.policy.PolicyRecords;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global {@code cipher-policy} store and the instance's {@link PolicyHolder} in step: a valid newer
 * version is applied at once (later events are classified with it), a tombstone returns to the configured policy,
 * and a record that cannot be decoded or is invalid is counted and logged, leaving the policy in effect unchanged.
 */
final class PolicyUpdateProcessor implements Processor<String, byte[], Void, Void> {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyUpdateProcessor.class);
  private final PolicyHolder holder;
  private final Deserializer<CipherPolicy> deserializer;
  private final String topic;
  private KeyValueStore<String, byte[]> store;

  PolicyUpdateProcessor(PolicyHolder holder, Deserializer<CipherPolicy> deserializer, String topic) {
    this.holder = holder;
    this.deserializer = deserializer;
    this.topic = topic;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(StoreNames.CIPHER_POLICY);
    byte[] restored = store.get(PolicyRecords.KEY);
    if (restored != null) {
      apply(restored);
    }
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (!PolicyRecords.KEY.equals(record.key())) {
      holder.rejected();
      LOG.warn("Ignored a record on {} with key '{}': the policy is published under the key '{}' "
          + "(use `cipherwatch policy set`)", topic, record.key(), PolicyRecords.KEY);
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
      holder.reset();
      LOG.info("The policy record on {} was deleted: the configured cipherwatch.policy.* keys apply again", topic);
      return;
    }
    if (apply(record.value())) {
      store.put(record.key(), record.value());
    }
  }

  private boolean apply(byte[] value) {
    ActivePolicy next;
    try {
      next = PolicyRecords.fromAvro(deserializer.deserialize(topic, value));
    } catch (RuntimeException e) {
      holder.rejected();
      LOG.warn("Ignored a policy record on {}: {}; the policy in effect (version {}) stays", topic,
          e.getMessage(), holder.version());
      return false;
    }
    if (!holder.apply(next)) {
      holder.rejected();
      LOG.warn("Ignored policy version {} on {}: version {} is in effect and only a higher one replaces it",
          next.version(), topic, holder.version());
      return false;
    }
    LOG.info("Policy version {} in effect: deprecated {}, {} supported suites", next.version(),
        java.util.Arrays.toString(next.rules().deprecatedCodes()), next.rules().supportedCodes().length);
    return true;
  }
}
