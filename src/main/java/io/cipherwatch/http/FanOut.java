package io.cipherwatch.http;

import io.cipherwatch.metrics.ActiveStores;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Answers about a store spread over the instances (fleet, alerts, readiness): every instance hosting the store is
 * asked ({@code ?local=true}) for what its active partitions hold, each partition read on its own, and the answers
 * are merged. A local answer names the partitions it read ({@value #PARTITIONS}); the merged answer is given only
 * when every partition of the store was read exactly once. Otherwise a partition moving between instances (revoked
 * from one, still restoring on the other) would be missing from, or doubled in, an answer that looks complete: that,
 * a store not queryable or an instance not answering is a 503 with {@code Retry-After}.
 */
final class FanOut {
  /** The field of a local answer listing the partitions it was read from. */
  static final String PARTITIONS = "partitions";

  private final ActiveStores stores;
  private final HostInfo self;
  private final int partitionCount;
  private final Forwarder forwarder;

  /**
   * @param self this instance's {@code application.server}, or null: no other instance is asked
   * @param partitionCount partitions of every store asked (those of the input topic, as its repartition topics)
   */
  FanOut(ActiveStores stores, HostInfo self, int partitionCount, Forwarder forwarder) {
    this.stores = stores;
    this.self = self;
    this.partitionCount = partitionCount;
    this.forwarder = forwarder;
  }

  /** The same, forwarding with {@code forwarder}. */
  FanOut with(Forwarder forwarder) {
    return new FanOut(stores, self, partitionCount, forwarder);
  }

  /**
   * The answer about {@code store}: this instance's part only when {@code local} (a forwarded request), else the
   * merge of every instance's part.
   *
   * @param localPath the request other instances are sent, with {@code local=true}
   * @param readPartition reads one locally active partition into a body {@code merge} accepts
   * @param merge merges bodies into one (ignoring {@value #PARTITIONS})
   */
  ApiResponse ask(String store, String localPath, boolean local, IntFunction<Object> readPartition,
      Function<List<Object>, Object> merge) {
    try {
      if (local || self == null) {
        Map<String, Object> mine = localPart(store, readPartition, merge);
        return local ? ApiResponse.ok(mine) : merged(store, List.of(mine), merge);
      }
      Collection<StreamsMetadata> hosts = stores.streams().streamsMetadataForStore(store);
      if (hosts.isEmpty()) {
        return ApiResponse.unavailable("No instance hosts " + store + " yet (starting or rebalancing)");
      }
      List<HostInfo> remoteHosts = new ArrayList<>();
      List<CompletableFuture<ApiResponse>> remote = new ArrayList<>();
      boolean includeSelf = false;
      for (StreamsMetadata m : hosts) {
        if (m.hostInfo().equals(self)) {
          includeSelf = true;
        } else {
          remoteHosts.add(m.hostInfo());
          remote.add(forwarder.get(m.hostInfo(), localPath));
        }
      }
      List<Object> bodies = new ArrayList<>();
      if (includeSelf) {
        bodies.add(localPart(store, readPartition, merge));
      }
      for (int i = 0; i < remote.size(); i++) {
        ApiResponse r = remote.get(i).join();
        if (r.status() != 200) {
          HostInfo h = remoteHosts.get(i);
          return ApiResponse.unavailable("Instance " + h.host() + ":" + h.port() + " answered " + r.status()
              + (r.errorMessage() == null ? "" : " (" + r.errorMessage() + ")") + "; retry");
        }
        bodies.add(r.body());
      }
      return merged(store, bodies, merge);
    } catch (InvalidStateStoreException e) {
      return ApiResponse.notQueryable(e);
    } catch (IllegalStateException e) {
      return ApiResponse.notRunning(e);
    }
  }

  /** This instance's part: its active partitions of {@code store}, each read on its own, merged and named. */
  private Map<String, Object> localPart(String store, IntFunction<Object> readPartition,
      Function<List<Object>, Object> merge) {
    Set<Integer> active = stores.activePartitions(store);
    List<Object> parts = new ArrayList<>(active.size());
    for (int partition : active) {
      parts.add(readPartition.apply(partition));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> body = new LinkedHashMap<>((Map<String, Object>) merge.apply(parts));
    body.put(PARTITIONS, new ArrayList<>(active));
    return body;
  }

  private ApiResponse merged(String store, List<Object> bodies, Function<List<Object>, Object> merge) {
    String gap = gap(bodies, partitionCount);
    if (gap == null) {
      return ApiResponse.ok(merge.apply(bodies));
    }
    return ApiResponse.unavailable("Not every partition of " + store + " could be read: " + gap + ". Partitions are"
        + " moving between instances or still restoring" + (self == null ? " (with several instances, set"
        + " application.server on each so that they ask each other)" : "") + "; retry");
  }

  /**
   * Null when the {@value #PARTITIONS} of {@code bodies} name each of the {@code partitionCount} partitions exactly
   * once, else what is wrong (partitions read by no part, or by several).
   */
  static String gap(List<Object> bodies, int partitionCount) {
    int[] reads = new int[partitionCount];
    for (Object body : bodies) {
      Object listed = body instanceof Map<?, ?> m ? m.get(PARTITIONS) : null;
      if (!(listed instanceof List<?> partitions)) {
        return "an answer does not name the partitions it was read from";
      }
      for (Object p : partitions) {
        if (!(p instanceof Number n) || n.intValue() < 0 || n.intValue() >= partitionCount) {
          return "an answer names partition " + p + " of " + partitionCount;
        }
        reads[n.intValue()]++;
      }
    }
    Set<Integer> missing = new TreeSet<>();
    Set<Integer> doubled = new TreeSet<>();
    for (int p = 0; p < partitionCount; p++) {
      if (reads[p] == 0) {
        missing.add(p);
      } else if (reads[p] > 1) {
        doubled.add(p);
      }
    }
    if (missing.isEmpty() && doubled.isEmpty()) {
      return null;
    }
    return (missing.isEmpty() ? "" : "partitions " + missing + " of " + partitionCount + " were read on no instance")
        + (missing.isEmpty() || doubled.isEmpty() ? "" : ", ")
        + (doubled.isEmpty() ? "" : "partitions " + doubled + " were read on two instances");
  }
}
