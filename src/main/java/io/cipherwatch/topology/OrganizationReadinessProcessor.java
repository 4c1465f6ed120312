package io.cipherwatch.topology;

import io.cipherwatch.avro.OrganizationReadiness;
import io.cipherwatch.avro.ReadinessVerdict;
import io.cipherwatch.readiness.OrganizationVerdicts;
import io.cipherwatch.readiness.TrunkKey;
import io.cipherwatch.readiness.Verdict;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps, per organization in {@code readiness-organizations}, the standing of each of its (trunk, direction)
 * pairs and the verdict last published, and publishes an {@link OrganizationReadiness} each time the
 * organization's verdict (the worst of its pairs) changes, never otherwise. An organization left without pairs
 * (its last trunk moved to another one) gets a tombstone and its entry is deleted.
 */
final class OrganizationReadinessProcessor
    implements Processor<String, ReadinessUpdate, String, OrganizationReadiness> {
  private static final ReadinessVerdict[] AVRO_VERDICTS = ReadinessVerdict.values();
  private ProcessorContext<String, OrganizationReadiness> context;
  private KeyValueStore<String, byte[]> store;

  @Override
  public void init(ProcessorContext<String, OrganizationReadiness> context) {
    this.context = context;
    store = context.getStateStore(StoreNames.READINESS_ORGANIZATIONS);
  }

  @Override
  public void process(Record<String, ReadinessUpdate> record) {
    String key = record.key() == null ? "" : record.key();
    ReadinessUpdate u = record.value();
    OrganizationVerdicts org = load(key);
    TrunkKey pair = new TrunkKey(u.trunkId(), u.direction());
    if (u.standing() == null) {
      org.remove(pair);
    } else {
      org.put(pair, u.standing());
    }
    if (org.isEmpty()) {
      if (org.published() != null) {
        context.forward(new Record<String, OrganizationReadiness>(key, null, record.timestamp()));
      }
      store.delete(key);
      return;
    }
    OrganizationVerdicts.Change change = org.publish();
    if (change != null) {
      context.forward(new Record<>(key, row(key, org, change, u), record.timestamp()));
    }
    store.put(key, org.encode());
  }

  private OrganizationVerdicts load(String key) {
    byte[] v = store.get(key);
    if (v != null) {
      try {
        return OrganizationVerdicts.decode(v);
      } catch (IllegalArgumentException e) {
        // unreadable (older format, corruption): rebuilt from the next standings of its pairs
      }
    }
    return new OrganizationVerdicts();
  }

  private static OrganizationReadiness row(String key, OrganizationVerdicts org, OrganizationVerdicts.Change c,
      ReadinessUpdate u) {
    long[] byVerdict = org.trunksByVerdict();
    long[] counts = org.counts();
    return OrganizationReadiness.newBuilder()
        .setOrganizationId(ReadinessUpdate.organizationId(key))
        .setOrganizationName(org.organizationName())
        .setVerdict(avro(c.current()))
        .setPreviousVerdict(c.previous() == null ? null : avro(c.previous()))
        .setAsOf(Instant.ofEpochMilli(u.asOf()))
        .setRemoved(Arrays.stream(u.removed()).boxed().toList())
        .setPolicyVersion(u.policyVersion())
        .setTrunks(Arrays.stream(byVerdict).sum())
        .setBreakingTrunks(byVerdict[Verdict.BREAKS.ordinal()])
        .setUnverifiedTrunks(byVerdict[Verdict.UNVERIFIED.ordinal()])
        .setChangesTrunks(byVerdict[Verdict.CHANGES.ordinal()])
        .setReadyTrunks(byVerdict[Verdict.READY.ordinal()])
        .setNoTrafficTrunks(byVerdict[Verdict.NO_TRAFFIC.ordinal()])
        .setBreakingTrunkIds(org.breakingTrunkIds(OrganizationVerdicts.BREAKING_IDS))
        .setHandshakes(counts[0])
        .setWouldBreak(counts[1])
        .setUnverified(counts[2])
        .build();
  }

  private static ReadinessVerdict avro(Verdict v) {
    return AVRO_VERDICTS[v.ordinal()];
  }
}
