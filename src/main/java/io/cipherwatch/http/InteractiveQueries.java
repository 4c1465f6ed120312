package io.cipherwatch.http;

import io.cipherwatch.alerting.AlertType;
import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.DeprecationAlert;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.FleetUsage;
import io.cipherwatch.avro.RemoteProbe;
import io.cipherwatch.avro.TrunkMetadata;
import io.cipherwatch.metrics.ActiveStores;
import io.cipherwatch.json.JsonOutput;
import io.cipherwatch.policy.PolicyHolder;
import io.cipherwatch.readiness.ProbeResult;
import io.cipherwatch.readiness.Readiness;
import io.cipherwatch.readiness.TrunkInfo;
import io.cipherwatch.records.AlertEnums;
import io.cipherwatch.topology.StoreKeys;
import io.cipherwatch.replay.ReadinessInput;
import io.cipherwatch.topology.StoreNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ApiQueries} by interactive queries on the local ACTIVE stores, routed across instances with
 * {@code application.server}:
 *
 * <ul>
 *   <li>a trunk is answered by the instance owning its partition ({@code usage-latest} and {@code alerts-latest}
 *       are partitioned by trunkId, the input key), found with {@code queryMetadataForKey}; other instances
 *       forward the request with {@code ?local=true};
 *   <li>fleet, alerts and readiness are answered by every instance hosting the store, each from its active
 *       partitions, and merged only when every partition was read exactly once ({@link FanOut}).
 * </ul>
 *
 * Without {@code application.server} ({@code self == null}) every answer is local, and complete only while this
 * instance holds every partition. A store that is not queryable (starting, rebalancing, migrating), a partition
 * read nowhere or an instance that does not answer yields 503 with {@code Retry-After}.
 */
public final class InteractiveQueries implements ApiQueries {
  private static final Logger LOG = LoggerFactory.getLogger(InteractiveQueries.class);
  private static final Direction[] DIRECTIONS = Direction.values();

  /** Alerts order: CRITICAL first, newest transition first, then trunk, direction and type. */
  static final Comparator<Map<String, Object>> ALERT_ORDER = Comparator
      .<Map<String, Object>, Boolean>comparing(a -> !"CRITICAL".equals(a.get("severity")))
      .thenComparing(a -> Instant.parse((String) a.get("eventTime")), Comparator.reverseOrder())
      .thenComparing(a -> String.valueOf(a.get("trunkId")))
      .thenComparing(a -> String.valueOf(a.get("direction")))
      .thenComparing(a -> String.valueOf(a.get("type")));

  private final KafkaStreams streams;
  private final ActiveStores stores;
  private final HostInfo self;
  private final Deserializer<TrunkMetadata> metadataDeserializer;
  private final String metadataTopic;
  private final Forwarder forwarder;
  private final int partitionCount;
  private final FanOut fanOut;
  private volatile ReadinessAnswers readiness;
  private ReadinessStores readinessStores;

  /**
   * Queries over {@code stores}, forwarding with {@code forwarder}.
   *
   * @param self this instance's {@code application.server}, or null when not configured (single instance)
   * @param metadataDeserializer decodes the registry-framed values of the {@code trunk-metadata-store}
   * @param metadataTopic the topic those values come from (subject name strategy)
   * @param partitions partitions of the input topic (and so of every store)
   */
  public InteractiveQueries(ActiveStores stores, HostInfo self, Deserializer<TrunkMetadata> metadataDeserializer,
      String metadataTopic, int partitions, Forwarder forwarder) {
    this.streams = stores.streams();
    this.stores = stores;
    this.self = self;
    this.metadataDeserializer = metadataDeserializer;
    this.metadataTopic = metadataTopic;
    this.forwarder = forwarder;
    this.partitionCount = partitions;
    this.fanOut = new FanOut(stores, self, partitions, forwarder);
  }

  private InteractiveQueries(InteractiveQueries of, Forwarder forwarder) {
    this.streams = of.streams;
    this.stores = of.stores;
    this.self = of.self;
    this.metadataDeserializer = of.metadataDeserializer;
    this.metadataTopic = of.metadataTopic;
    this.forwarder = forwarder;
    this.partitionCount = of.partitionCount;
    this.fanOut = of.fanOut.with(forwarder);
    this.readiness = of.readiness;
    this.readinessStores = of.readinessStores;
  }

  @Override
  public ApiQueries forCaller(String authorization) {
    return authorization == null ? this : new InteractiveQueries(this, forwarder.withAuthorization(authorization));
  }

  // ------------------------------------------------------------------------------------------ trunk

  @Override
  public ApiResponse trunk(String trunkId, boolean local) {
    Collection<Integer> partitions;
    if (self == null) {
      // alone: the trunk is in whichever partition its records were produced to, so every one must be here
      partitions = stores.activePartitions(StoreNames.USAGE_LATEST);
      if (partitions.size() < partitionCount) {
        return ApiResponse.unavailable("This instance holds " + partitions.size() + " of the " + partitionCount
            + " partitions now: it is starting or rebalancing, or other instances hold the rest (with several"
            + " instances, set application.server on each so that they forward requests); retry");
      }
    } else {
      KeyQueryMetadata owner;
      try {
        owner = streams.queryMetadataForKey(StoreNames.USAGE_LATEST, trunkId, Serdes.String().serializer());
      } catch (IllegalStateException | InvalidStateStoreException e) {
        return ApiResponse.notRunning(e);
      }
      if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE) || owner.activeHost().port() < 0) {
        return ApiResponse.unavailable("The owner of this trunk is not known yet (rebalancing)");
      }
      if (!owner.activeHost().equals(self)) {
        if (local) {
          return ApiResponse.unavailable("The trunk moved to instance " + hostText(owner.activeHost())
              + " while this request was forwarded; retry");
        }
        return forwarder.get(owner.activeHost(), "/api/trunks/" + UrlCodec.encodeSegment(trunkId) + "?local=true")
            .join();
      }
      partitions = List.of(owner.partition());
    }
    try {
      return localTrunk(trunkId, partitions);
    } catch (InvalidStateStoreException e) {
      return ApiResponse.notQueryable(e);
    }
  }

  /** The trunk's answer from these locally active partitions (the first one holding a key wins). */
  private ApiResponse localTrunk(String trunkId, Collection<Integer> partitions) {
    List<ReadOnlyKeyValueStore<String, CipherUsage>> usage = new ArrayList<>();
    List<ReadOnlyKeyValueStore<String, DeprecationAlert>> alerts = new ArrayList<>();
    for (int p : partitions) {
      usage.add(stores.partition(StoreNames.USAGE_LATEST, p));
      alerts.add(stores.partition(StoreNames.ALERTS_LATEST, p));
    }
    Map<String, Object> byDirection = new LinkedHashMap<>();
    List<DeprecationAlert> latest = new ArrayList<>();
    boolean found = false;
    for (Direction d : DIRECTIONS) {
      CipherUsage u = firstOf(usage, StoreKeys.usageLatest(trunkId, d));
      found |= u != null;
      byDirection.put(d.name(), u == null ? null : JsonOutput.toMap(u));
      for (AlertType t : AlertType.values()) {
        DeprecationAlert a = firstOf(alerts, StoreKeys.alertsLatest(trunkId, d, t));
        if (a != null) {
          latest.add(a);
        }
      }
    }
    TrunkMetadata metadata = metadata(trunkId);
    if (!found && latest.isEmpty() && metadata == null) {
      return ApiResponse.error(404, "Unknown trunk: no metadata, usage window or alert for it."
          + " Check the id (URL-encode it in the path); a new trunk appears once its first window closes");
    }
    List<Map<String, Object>> all = new ArrayList<>();
    List<Map<String, Object>> open = new ArrayList<>();
    for (DeprecationAlert a : latest) {
      Map<String, Object> m = JsonOutput.toMap(a);
      all.add(m);
      if (AlertEnums.isOpen(a)) {
        open.add(m);
      }
    }
    all.sort(ALERT_ORDER);
    open.sort(ALERT_ORDER);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("trunkId", trunkId);
    body.put("metadata", metadata == null ? null : JsonOutput.toMap(metadata));
    body.put("usage", byDirection);
    body.put("openAlerts", open);
    body.put("alerts", all);
    return ApiResponse.ok(body);
  }

  private static <V> V firstOf(List<ReadOnlyKeyValueStore<String, V>> stores, String key) {
    for (ReadOnlyKeyValueStore<String, V> store : stores) {
      V v = store.get(key);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  private TrunkMetadata metadata(String trunkId) {
    ReadOnlyKeyValueStore<String, byte[]> global = streams.store(
        StoreQueryParameters.fromNameAndType(StoreNames.TRUNK_METADATA, QueryableStoreTypes.keyValueStore()));
    byte[] bytes = global.get(trunkId);
    if (bytes == null) {
      return null;
    }
    try {
      return metadataDeserializer.deserialize(metadataTopic, bytes);
    } catch (RuntimeException e) {
      LOG.warn("Undecodable trunk metadata for '{}' ({}); answering without it", trunkId, e.toString());
      return null;
    }
  }

  // ------------------------------------------------------------------------------------------ readiness

  /** Serves {@code /api/readiness} with the topology's live policy and readiness settings. */
  public InteractiveQueries withReadiness(PolicyHolder policy, Readiness settings,
      Deserializer<RemoteProbe> probeDeserializer, String probesTopic) {
    this.readinessStores = new ReadinessStores(stores, probeDeserializer, probesTopic);
    this.readiness = new ReadinessAnswers(policy, settings);
    return this;
  }

  @Override
  public ApiResponse readiness(String remove, String organizationId, boolean local) {
    ReadinessAnswers answers = readiness;
    if (answers == null) {
      return ApiQueries.super.readiness(remove, organizationId, local);
    }
    int[] removal = local ? null : answers.removal(remove);
    ApiResponse gathered = fanOut.ask(StoreNames.READINESS_STATE, "/api/readiness?local=true", local,
        p -> ReadinessAnswers.rawBody(readinessStores.entries(p)),
        bodies -> ReadinessAnswers.rawBody(ReadinessAnswers.entries(bodies)));
    if (local || gathered.status() != 200) {
      return gathered;
    }
    return answers.answer(ReadinessAnswers.entries(List.of(gathered.body())), this::trunkInfo,
        readinessStores.probes(), removal, organizationId, Instant.now());
  }

  /** The latest probe per trunk (empty without readiness). */
  public Map<String, ProbeResult> readinessProbes() {
    return readinessStores == null ? Map.of() : readinessStores.probes();
  }

  /** The fleet's projected ready instant per removal set label, from the full answer (gathered from all). */
  public Map<String, Instant> readinessForecast() {
    ApiResponse r = readiness(null, null, false);
    return r.status() == 200 ? ReadinessAnswers.projectedReady(r.body()) : Map.of();
  }

  private TrunkInfo trunkInfo(String trunkId) {
    TrunkMetadata md = metadata(trunkId);
    return md == null ? null : ReadinessInput.info(md);
  }

  // ------------------------------------------------------------------------------------------ fleet

  @Override
  public ApiResponse fleet(boolean local) {
    return fanOut.ask(StoreNames.FLEET_LATEST, "/api/fleet?local=true", local, this::partitionFleet,
        InteractiveQueries::mergeFleet);
  }

  private Map<String, Object> partitionFleet(int partition) {
    ReadOnlyKeyValueStore<String, FleetUsage> store = stores.partition(StoreNames.FLEET_LATEST, partition);
    Map<String, Object> byDirection = new LinkedHashMap<>();
    for (Direction d : DIRECTIONS) {
      FleetUsage f = store.get(d.name());
      byDirection.put(d.name(), f == null ? null : JsonOutput.toMap(f));
    }
    return Map.of("fleet", byDirection);
  }

  /** Merges {@code {"fleet": {direction: window|null}}} answers: per direction the window ending last. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> mergeFleet(List<Object> bodies) {
    Map<String, Object> merged = new LinkedHashMap<>();
    for (Direction d : DIRECTIONS) {
      merged.put(d.name(), null);
    }
    for (Object body : bodies) {
      Map<String, Object> fleet = (Map<String, Object>) ((Map<String, Object>) body).get("fleet");
      fleet.forEach((direction, window) -> {
        if (window == null) {
          return;
        }
        Map<String, Object> w = (Map<String, Object>) window;
        Map<String, Object> old = (Map<String, Object>) merged.get(direction);
        if (old == null || Instant.parse((String) w.get("windowEnd")).isAfter(Instant.parse((String) old.get("windowEnd")))) {
          merged.put(direction, w);
        }
      });
    }
    return Map.of("fleet", merged);
  }

  // ------------------------------------------------------------------------------------------ alerts

  @Override
  public ApiResponse alerts(AlertFilter filter, boolean local) {
    String query = filter.toQuery();
    return fanOut.ask(StoreNames.ALERTS_LATEST, "/api/alerts?" + (query.isEmpty() ? "" : query + "&")
        + "local=true", local, p -> partitionAlerts(filter, p), InteractiveQueries::mergeAlerts);
  }

  private Map<String, Object> partitionAlerts(AlertFilter filter, int partition) {
    List<Map<String, Object>> out = new ArrayList<>();
    ReadOnlyKeyValueStore<String, DeprecationAlert> store = stores.partition(StoreNames.ALERTS_LATEST, partition);
    try (KeyValueIterator<String, DeprecationAlert> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, DeprecationAlert> kv = it.next();
        if (filter.matches(kv.value)) {
          out.add(JsonOutput.toMap(kv.value));
        }
      }
    }
    return alertList(out);
  }

  /** Merges {@code {"count": n, "alerts": [...]}} answers into one sorted list. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> mergeAlerts(List<Object> bodies) {
    List<Map<String, Object>> all = new ArrayList<>();
    for (Object body : bodies) {
      all.addAll((List<Map<String, Object>>) ((Map<String, Object>) body).get("alerts"));
    }
    return alertList(all);
  }

  private static Map<String, Object> alertList(List<Map<String, Object>> alerts) {
    alerts.sort(ALERT_ORDER);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("count", alerts.size());
    body.put("alerts", alerts);
    return body;
  }

  private static String hostText(HostInfo h) {
    return h.host() + ":" + h.port();
  }
}
