package io.cipherwatch.bench;

import io.cipherwatch.app.BoundedRocksDbConfig;
import io.cipherwatch.app.CipherwatchApp;
import io.cipherwatch.bench.dsl.DslPeerTopology;
import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.topology.StoreNames;
import io.cipherwatch.topology.TopologyConfig;
import io.cipherwatch.topology.TopologyMetrics;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The DSL peer ({@link DslPeerTopology}), exactly-once, over the same input as cipherwatch, timed the same
 * way: from start until its consumer group has committed the end of every input partition.
 */
final class DslPhase {
  /** Its rate, start-up time and state size. */
  record Result(double eventsPerSec, long startupMs, long stateStoreBytes) {
    void report(Map<String, Object> out) {
      out.put("dslEventsPerSec", eventsPerSec);
      out.put("dslStartupMs", startupMs);
      out.put("dslStateStoreBytes", stateStoreBytes);
    }
  }

  private final BenchContext c;

  DslPhase(BenchContext c) {
    this.c = c;
  }

  Result run(InputPhase.Produced in) throws Exception {
    String prefix = "bench-" + c.runId + "-dsl-";
    String usage = prefix + "cipher-usage";
    c.kafka.createTopics(c.o.partitions(), usage);
    CipherwatchConfig cfg = CipherwatchConfig.of(c.base);
    TopologyConfig tc = TopologyConfig.from(cfg, c.o.partitions(), TopologyMetrics.NONE);
    // its metadata table, filled at start-up like cipherwatch's, gets the same own memtables from the config setter
    DslPeerTopology.Spec spec = new DslPeerTopology.Spec(in.topic(), c.metadataTopic, StoreNames.TRUNK_METADATA,
        usage, tc.policy(), cfg.windowSize(), cfg.windowAdvance(), cfg.windowGrace(), cfg.kafkaObjects());
    Path stateDir = c.tempDir("cw-bench-dsl");
    String appId = prefix + "peer";
    Properties p = DslPeerTopology.tunedProperties(appId, c.kafka.bootstrapServers(), stateDir.toString(),
        BoundedRocksDbConfig.class.getName());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, c.o.streamThreads());
    CipherwatchApp.streamsProperties(cfg).forEach((k, v) -> {
      if (k.toString().startsWith("cipherwatch.rocksdb.")) {
        p.put(k, v);
      }
    });
    long began = System.nanoTime();
    long runningAt;
    long doneAt;
    try (KafkaStreams streams = new KafkaStreams(DslPeerTopology.build(spec), p)) {
      streams.start();
      runningAt = BenchContext.awaitRunning(streams, began);
      // the peer is several times slower than cipherwatch here: give it three times the input timeout
      c.awaitCommitted(streams, appId, in.end(), c.inputTimeout(in.events()).multipliedBy(3));
      doneAt = System.nanoTime();
    }
    double seconds = (doneAt - began) / 1e9;
    double rate = in.events() / seconds;
    long stateBytes = BenchContext.sizeOf(stateDir);
    c.log.printf("dsl        %,d events in %.1f s (%.1f s to RUNNING): %,.0f events/s, state %,d MB%n",
        in.events(), seconds, (runningAt - began) / 1e9, rate, stateBytes >> 20);
    c.endPhase("dsl", seconds, Map.of("eventsPerSec", rate, "stateStoreBytes", stateBytes));
    return new Result(rate, (runningAt - began) / 1_000_000, stateBytes);
  }
}
