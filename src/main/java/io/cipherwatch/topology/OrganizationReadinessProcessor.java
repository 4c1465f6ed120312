package io.cipherwatch.topology;

import io.cipherwatch.avro.OrganizationReadiness;
import io.cipherwatch.avro.ReadinessVerdict;
import io.cipherwatch.readiness.OrganizationTally;
import io.cipherwatch.readiness.Verdict;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps, in {@code readiness-organizations}, each organization's {@link OrganizationTally} (key: the organization
 * key) and the member of each of its (trunk, direction) pairs (key: organization key, NUL, trunkId, NUL,
 * direction digit, so an organization's members sort together by trunk), and publishes an
 * {@link OrganizationReadiness} each time the organization's verdict changes, never otherwise. An update costs
 * three reads and two writes whatever the organization's size; only a publication scans the members (for the
 * first breaking trunk ids). An organization left without pairs (its last trunk moved away) gets a tombstone.
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

  static String memberKey(String organizationKey, String trunkId, int directionOrdinal) {
    return organizationKey + '\0' + trunkId + '\0' + (char) ('0' + directionOrdinal);
  }

  @Override
  public void process(Record<String, ReadinessUpdate> record) {
    String key = record.key() == null ? "" : record.key();
    ReadinessUpdate u = record.value();
    OrganizationTally tally = tally(key);
    int dir = u.direction().ordinal();
    String memberKey = memberKey(key, u.trunkId(), dir);
    OrganizationTally.Member before = member(memberKey);
    OrganizationTally.Member other = member(memberKey(key, u.trunkId(), 1 - dir));
    OrganizationTally.Member after = u.standing() == null ? null : OrganizationTally.Member.of(u.standing());
    tally.apply(before, after, other);
    if (after == null) {
      store.delete(memberKey);
    } else {
      store.put(memberKey, after.encode());
      tally.organizationName(u.standing().organizationName());
    }
    if (tally.isEmpty()) {
      if (tally.published() != null) {
        context.forward(new Record<String, OrganizationReadiness>(key, null, record.timestamp()));
      }
      store.delete(key);
      return;
    }
    OrganizationTally.Change change = tally.publish();
    if (change != null) {
      context.forward(new Record<>(key, row(key, tally, change, u), record.timestamp()));
    }
    store.put(key, tally.encode());
  }

  private OrganizationTally tally(String key) {
    byte[] v = store.get(key);
    // an unreadable tally (corruption) starts over; the next standings of its pairs rebuild it
    return v == null ? new OrganizationTally() : decodeOr(v);
  }

  private static OrganizationTally decodeOr(byte[] v) {
    try {
      return OrganizationTally.decode(v);
    } catch (IllegalArgumentException e) {
      return new OrganizationTally();
    }
  }

  private OrganizationTally.Member member(String key) {
    try {
      return OrganizationTally.Member.decode(store.get(key));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The first breaking trunks of an organization, from its members in trunk order. */
  private List<String> breakingTrunkIds(String key) {
    String prefix = key + '\0';
    try (KeyValueIterator<String, byte[]> it = store.range(prefix, key + '\u0001')) {
      Iterator<Map.Entry<String, OrganizationTally.Member>> members = new Iterator<>() {
        private KeyValue<String, byte[]> ahead = advance();

        private KeyValue<String, byte[]> advance() {
          while (it.hasNext()) {
            KeyValue<String, byte[]> kv = it.next();
            if (kv.key.startsWith(prefix) && kv.key.length() >= prefix.length() + 2) {
              return kv;
            }
          }
          return null;
        }

        @Override
        public boolean hasNext() {
          return ahead != null;
        }

        @Override
        public Map.Entry<String, OrganizationTally.Member> next() {
          KeyValue<String, byte[]> kv = ahead;
          ahead = advance();
          return new AbstractMap.SimpleEntry<>(kv.key.substring(prefix.length(), kv.key.length() - 2),
              OrganizationTally.Member.decode(kv.value));
        }
      };
      return OrganizationTally.breakingTrunks(members, OrganizationTally.BREAKING_IDS);
    }
  }

  private OrganizationReadiness row(String key, OrganizationTally t, OrganizationTally.Change c,
      ReadinessUpdate u) {
    long[] byVerdict = t.trunksByVerdict();
    long[] counts = t.counts();
    return OrganizationReadiness.newBuilder()
        .setOrganizationId(ReadinessUpdate.organizationId(key))
        .setOrganizationName(t.organizationName())
        .setVerdict(avro(c.current()))
        .setPreviousVerdict(c.previous() == null ? null : avro(c.previous()))
        .setAsOf(Instant.ofEpochMilli(u.asOf()))
        .setRemoved(Arrays.stream(u.removed()).boxed().toList())
        .setPolicyVersion(u.policyVersion())
        .setTrunks(t.trunks())
        .setBreakingTrunks(byVerdict[Verdict.BREAKS.ordinal()])
        .setUnverifiedTrunks(byVerdict[Verdict.UNVERIFIED.ordinal()])
        .setChangesTrunks(byVerdict[Verdict.CHANGES.ordinal()])
        .setReadyTrunks(byVerdict[Verdict.READY.ordinal()])
        .setNoTrafficTrunks(byVerdict[Verdict.NO_TRAFFIC.ordinal()])
        .setBreakingTrunkIds(byVerdict[Verdict.BREAKS.ordinal()] > 0 ? breakingTrunkIds(key) : List.of())
        .setHandshakes(counts[0])
        .setWouldBreak(counts[1])
        .setUnverified(counts[2])
        .build();
  }

  private static ReadinessVerdict avro(Verdict v) {
    return AVRO_VERDICTS[v.ordinal()];
  }
}
