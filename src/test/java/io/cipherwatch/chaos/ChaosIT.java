package io.cipherwatch.chaos;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.DeadLetter;
import io.cipherwatch.avro.DeprecationAlert;
import io.cipherwatch.avro.FleetUsage;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.TrunkMetadata;
import io.cipherwatch.config.Setting;
import io.cipherwatch.config.Settings;
import io.cipherwatch.embedded.FixedPortBrokerMain;
import io.cipherwatch.serde.ApicurioRegistryExtension;
import io.cipherwatch.serde.AvroSerde;
import io.cipherwatch.topology.CipherwatchTopology;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Chaos test: three cipherwatch instances in their own JVMs (exactly-once, one application.id), a KRaft broker in
 * its own process and the test suite's Apicurio registry, fed ≥ 200,000 handshakes in real time (event time = wall
 * clock) with poison records and a mid-run trunk-metadata update. While they run: kill -9 one instance (restarted
 * at once), SIGTERM another (restarted), stop and restart the broker on the same data directory, freeze the
 * registry for 30 s while records with a not-yet-seen writer schema arrive. {@link ChaosChecker} then recomputes
 * every output from the input topic and the outputs, read with read_committed, must equal it exactly.
 *
 * <p>Writes {@code target/chaos-report.json} (recovery time per fault, counts, runtime); logs of every process are
 * in {@code target/chaos/}. {@code -Dchaos.events=N} and {@code -Dchaos.rate=R} (events/s) change the load.
 */
@ExtendWith(ApicurioRegistryExtension.class)
class ChaosIT {
  private static final int PARTITIONS = 6;
  private static final int INSTANCES = 3;
  private static final String PREFIX = "chaos-";
  private static final String APP_ID = PREFIX + "cipherwatch";
  private static final String INPUT = PREFIX + "tls-handshakes";
  private static final String METADATA = PREFIX + "trunk-metadata";
  private static final String USAGE = PREFIX + "cipher-usage";
  private static final String FLEET = PREFIX + "fleet-usage";
  private static final String ALERTS = PREFIX + "deprecation-alerts";
  private static final String DLQ = PREFIX + "tls-handshakes-dlq";
  private static final ChaosChecker.Settings SETTINGS =
      new ChaosChecker.Settings(30_000, 10_000, 5_000, 20_000, 20_000, 3, 0.05);
  private static final Duration FAULT_TIMEOUT = Duration.ofSeconds(300);
  private static final Duration FREEZE = Duration.ofSeconds(30);
  /** The backlog after the last input may take long on a slow machine, but it must keep shrinking. */
  private static final Duration DRAIN_STALL = Duration.ofMinutes(2);
  private static final Duration DRAIN_MAX = Duration.ofMinutes(15);

  private final long events = Long.getLong("chaos.events", 200_000);
  private final int rate = Integer.getInteger("chaos.rate", 1000);
  private final Map<String, Object> report = new LinkedHashMap<>();
  private final List<Map<String, Object>> faults = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Path dir;
  private String bootstrap;
  private String registry;
  private ChildJvm broker;
  private final ChildJvm[] apps = new ChildJvm[INSTANCES];
  private final AtomicBoolean v2 = new AtomicBoolean();
  private final AtomicBoolean stopProducing = new AtomicBoolean();
  private final AtomicBoolean supervising = new AtomicBoolean(true);
  private final AtomicLong produced = new AtomicLong();
  /** Instances the test itself has stopped and is about to restart: not restarted by the supervisor. */
  private final boolean[] maintenance = new boolean[INSTANCES];
  private long produceStart;
  /** Per input partition, the offset of the first record written with the second schema (during the freeze). */
  private final AtomicLongArray firstV2Offsets = new AtomicLongArray(new long[] {-1, -1, -1, -1, -1, -1});
  private final AtomicLong lastEventTime = new AtomicLong();
  private final AtomicReference<Throwable> producerError = new AtomicReference<>();
  private final ConcurrentLinkedQueue<String> unexpectedExits = new ConcurrentLinkedQueue<>();

  @Test
  void exactlyOnceOutputsSurviveKillsBrokerRestartAndRegistryFreeze() throws Exception {
    long t0 = System.nanoTime();
    Path basedir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    dir = basedir.resolve("target/chaos");
    if (Files.exists(dir)) {
      Utils.delete(dir.toFile());
    }
    Files.createDirectories(dir);
    registry = ApicurioRegistryExtension.ccompatUrl();
    long registryPid = registryPid();
    int[] ports = freePorts();
    bootstrap = "127.0.0.1:" + ports[0];
    broker = new ChildJvm("broker", List.of("-Xmx512m", "-XX:+UseSerialGC"), FixedPortBrokerMain.class.getName(),
        List.of(dir.resolve("kafka").toString(), Integer.toString(ports[0]), Integer.toString(ports[1])),
        dir.resolve("broker.log"));
    KafkaProducer<byte[], byte[]> producer = null;
    ProgressMonitor monitor = null;
    Thread producerThread = null;
    try {
      startBroker();
      Map<String, Object> client = Map.of("bootstrap.servers", bootstrap);
      try (Admin admin = Admin.create(client)) {
        List<NewTopic> topics = new ArrayList<>();
        for (String t : List.of(INPUT, USAGE, FLEET, ALERTS, DLQ)) {
          topics.add(new NewTopic(t, PARTITIONS, (short) 1));
        }
        topics.add(new NewTopic(METADATA, PARTITIONS, (short) 1).configs(Map.of("cleanup.policy", "compact")));
        // the live policy and the probe results (empty here: the configured policy applies), the readiness output
        for (Setting compacted : List.of(Settings.TOPIC_POLICY, Settings.TOPIC_PROBES, Settings.TOPIC_READINESS)) {
          topics.add(new NewTopic(compacted.defaultValue(), 1, (short) 1)
              .configs(Map.of("cleanup.policy", "compact")));
        }
        admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
      }
      int v1Id = register(INPUT + "-value", HandshakeEvent.getClassSchema());
      int v2Id = register(INPUT + "-value", ChaosWorkload.v2Schema());
      int mdId = register(METADATA + "-value", TrunkMetadata.getClassSchema());
      // Output subjects up front: instances registering the same new subject at the same moment can fail (see
      // the report of this test's first runs: Apicurio answers 409 "already exists" to the loser, taken as
      // incompatible by the registry client)
      register(USAGE + "-value", CipherUsage.getClassSchema());
      register(FLEET + "-value", FleetUsage.getClassSchema());
      register(ALERTS + "-value", DeprecationAlert.getClassSchema());
      register(DLQ + "-value", DeadLetter.getClassSchema());
      register(Settings.TOPIC_READINESS.defaultValue() + "-value",
          io.cipherwatch.avro.OrganizationReadiness.getClassSchema());
      register(APP_ID + "-alerts-latest-changelog-value", DeprecationAlert.getClassSchema());
      register(APP_ID + "-fleet-latest-changelog-value", FleetUsage.getClassSchema());
      report.put("schemaIds", Map.of("handshakeV1", v1Id, "handshakeV2", v2Id, "trunkMetadata", mdId));

      producer = new KafkaProducer<>(producerConfig());
      Map<String, List<TrunkMetadata>> metadataVersions = new HashMap<>();
      for (int t = 0; t < ChaosWorkload.TRUNKS; t++) {
        List<TrunkMetadata> versions = new ArrayList<>();
        if (t < ChaosWorkload.KNOWN_TRUNKS) {
          TrunkMetadata md = ChaosWorkload.metadata(t, 1);
          versions.add(md);
          producer.send(new ProducerRecord<>(METADATA, md.getTrunkId().getBytes(StandardCharsets.UTF_8),
              ChaosWorkload.encodeMetadata(md, mdId)));
        } else {
          versions.add(null);
        }
        metadataVersions.put(ChaosWorkload.trunkId(t), versions);
      }
      producer.flush();

      for (int i = 0; i < INSTANCES; i++) {
        apps[i] = new ChildJvm("app-" + i, List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"),
            "io.cipherwatch.cli.Main", List.of("run", "--config", writeConfig(i).toString()),
            dir.resolve("app-" + i + ".log"));
        apps[i].start("cipherwatch running");
      }
      for (ChildJvm app : apps) {
        app.awaitReady(Duration.ofSeconds(120));
      }
      monitor = new ProgressMonitor(Map.of("bootstrap.servers", bootstrap), APP_ID, INPUT, PARTITIONS);
      awaitGroupMembers(INSTANCES, Duration.ofSeconds(120));
      long setupMs = msSince(t0);

      // ---- produce in real time while the faults run
      ChaosWorkload workload = new ChaosWorkload(20261202L, INPUT, v1Id, v2Id);
      KafkaProducer<byte[], byte[]> p = producer;
      produceStart = System.currentTimeMillis();
      producerThread = new Thread(() -> produce(p, workload, produceStart), "chaos-producer");
      producerThread.start();
      ProgressMonitor mon = monitor;
      Thread watchdog = new Thread(() -> watchExits(mon, produceStart), "chaos-exit-watch");
      watchdog.setDaemon(true);
      watchdog.start();

      sleepUntil(produceStart + 20_000);
      ProgressMonitor m = monitor;
      fault("kill -9 instance app-0, restarted 1 s later", m, true, () -> {
        maintenance[0] = true;
        apps[0].signal("KILL");
        apps[0].awaitExit(Duration.ofSeconds(10));
        Thread.sleep(1000);
        apps[0].start(null);
        maintenance[0] = false;
        return System.currentTimeMillis();
      });
      // ---- trunk-metadata update: renamed trunks and trunks that were unknown so far; well before the broker
      // restart, so every instance's global store has it before rows that must carry it are emitted
      for (int t = 0; t < ChaosWorkload.TRUNKS; t++) {
        if (t < ChaosWorkload.RENAMED_TRUNKS || t >= ChaosWorkload.KNOWN_TRUNKS) {
          TrunkMetadata md = ChaosWorkload.metadata(t, 2);
          metadataVersions.get(md.getTrunkId()).add(md);
          producer.send(new ProducerRecord<>(METADATA, md.getTrunkId().getBytes(StandardCharsets.UTF_8),
              ChaosWorkload.encodeMetadata(md, mdId)));
        }
      }
      producer.flush();
      long metadataUpdatedAt = System.currentTimeMillis();
      report.put("metadataUpdateAtSecond", (metadataUpdatedAt - produceStart) / 1000.0);
      fault("SIGTERM instance app-1, restarted when it has exited", m, true, () -> {
        maintenance[1] = true;
        apps[1].signal("TERM");
        int code = apps[1].awaitExit(Duration.ofSeconds(60));
        long exited = System.currentTimeMillis();
        // 143 = 128 + SIGTERM: what a JVM exits with when a SIGTERM ran its shutdown hooks
        if (code != 0 && code != 143) {
          failures.add("app-1 did not exit cleanly within 60 s of SIGTERM (exit " + code + "):\n" + apps[1].tail(30));
          apps[1].destroy();
        }
        apps[1].start(null);
        maintenance[1] = false;
        return exited;
      });

      fault("broker restart (SIGTERM, same data directory and ports)", m, true, () -> {
        broker.signal("TERM");
        if (broker.awaitExit(Duration.ofSeconds(60)) < 0) {
          failures.add("the broker did not stop within 60 s of SIGTERM; killed");
          broker.destroy();
        }
        startBroker();
        return System.currentTimeMillis();
      });
      fault("registry frozen (SIGSTOP 30 s, then SIGCONT) while records with a new writer schema id arrive", m,
          true, () -> {
            ChildJvm.signal(registryPid, "STOP");
            try {
              v2.set(true);
              Thread.sleep(FREEZE.toMillis());
            } finally {
              ChildJvm.signal(registryPid, "CONT");
            }
            return System.currentTimeMillis();
          });
      // with a backlog, the partitions move on records written before the freeze: when did the records written
      // during it (new schema id, looked up in the registry by every instance) get processed?
      long freezeStart = (long) faults.get(faults.size() - 1).get("injected");
      long v2Done = monitor.awaitCommittedPast(firstV2Offsets, FAULT_TIMEOUT);
      faults.get(faults.size() - 1).put("recordsWrittenDuringFreezeProcessedAfterSeconds",
          v2Done < 0 ? null : (v2Done - freezeStart) / 1000.0);

      // ---- the rest of the events, then ticks that close every window
      Thread.sleep(5000);
      stopProducing.set(true);
      producerThread.join(TimeUnit.MINUTES.toMillis(10));
      if (producerError.get() != null) {
        throw new AssertionError("producing the input failed", producerError.get());
      }
      sleepUntil(lastEventTime.get() + SETTINGS.size() + SETTINGS.grace() + 1000);
      long tick = System.currentTimeMillis();
      for (int part = 0; part < PARTITIONS; part++) {
        producer.send(new ProducerRecord<>(INPUT, part, tick, null, null, CipherwatchTopology.tickHeaders(tick)));
      }
      producer.flush();
      long productionMs = System.currentTimeMillis() - produceStart;
      long drainStart = System.currentTimeMillis();
      boolean caughtUp = monitor.awaitCaughtUp(drainStart, DRAIN_STALL, DRAIN_MAX);
      long drainMs = System.currentTimeMillis() - drainStart;
      if (!caughtUp) {
        failures.add("the instances did not commit every input offset (lag " + monitor.latest().lag()
            + " records " + drainMs / 1000 + " s after the last input; no progress for " + DRAIN_STALL.toSeconds()
            + " s, or over " + DRAIN_MAX.toMinutes() + " min)" + logTails());
      }
      supervising.set(false);
      watchdog.join(5000);
      for (int i = 0; i < INSTANCES; i++) {
        if (!apps[i].isAlive()) {
          failures.add("instance app-" + i + " is not running at the end:\n" + apps[i].tail(30));
        }
      }
      for (String exit : unexpectedExits) {
        failures.add(exit);
      }

      // ---- independent recomputation and exact comparison
      long checkStart = System.nanoTime();
      ChaosChecker checker = new ChaosChecker(SETTINGS, v1Id, v2Id);
      Map<Integer, List<ConsumerRecord<byte[], byte[]>>> input = readInput();
      input.forEach(checker::replayPartition);
      ChaosChecker.MetadataHistory md = new ChaosChecker.MetadataHistory(metadataVersions, metadataUpdatedAt + 30_000);
      Map<String, Object> checked = new LinkedHashMap<>();
      checked.put("inputRecords", input.values().stream().mapToInt(List::size).sum());
      checked.put("input", checker.inputCounts);
      checked.put("usageRows", checker.checkUsage(read(USAGE, CipherUsage.class), md));
      checked.put("fleetRows", checker.checkFleet(read(FLEET, FleetUsage.class)));
      checked.put("alertTransitions", checker.checkAlerts(read(ALERTS, DeprecationAlert.class), md));
      checked.put("deadLetters", checker.checkDeadLetters(read(DLQ, DeadLetter.class), INPUT));
      checked.put("problems", checker.problems().size());
      report.put("checked", checked);
      lagRecovery(monitor);
      report.put("faults", faults);
      report.put("runtimeSeconds", Map.of("setup", setupMs / 1000.0, "production", productionMs / 1000.0,
          "drainAfterLastInput", drainMs / 1000.0, "check", msSince(checkStart) / 1000.0,
          "total", msSince(t0) / 1000.0));
      report.put("eventsProduced", produced.get());
      report.put("unexpectedExits", List.copyOf(unexpectedExits));
      report.put("failures", failures);
      report.put("checkerProblems", checker.problems().subList(0, Math.min(50, checker.problems().size())));
      writeReport(basedir);
      if (produced.get() < events) {
        failures.add("only " + produced.get() + " of " + events + " events were produced");
      }
      if (!checker.problems().isEmpty()) {
        failures.add(checker.problems().size() + " differences between the outputs and the independent recount:"
            + ChaosChecker.summarize(checker.problems(), 25));
      }
      if (!failures.isEmpty()) {
        fail("Chaos test found " + failures.size() + " problem(s) (report target/chaos-report.json, logs "
            + dir + "):\n" + String.join("\n", failures));
      }
      assertTrue((int) checked.get("usageRows") > 1000, "too few windows to mean anything: " + checked);
    } finally {
      stopProducing.set(true);
      supervising.set(false);
      ChildJvm.signal(registryPid, "CONT");
      if (producerThread != null) {
        producerThread.join(10_000);
      }
      if (monitor != null) {
        monitor.close();
      }
      if (producer != null) {
        producer.close(Duration.ofSeconds(5));
      }
      for (ChildJvm app : apps) {
        if (app != null) {
          app.destroy();
        }
      }
      broker.destroy();
    }
  }

  /**
   * Runs one fault; the action returns when the fault ended (for a freeze: at SIGCONT). Waits until every input
   * partition makes progress again, then 10 s more; how long the lag took to get back to its level before the
   * fault is computed from the monitor's samples at the end ({@link #lagRecovery}).
   */
  /**
   * @param fromEnd count progress past the offsets committed when the fault ended, not when it began (samples are
   *     250 ms apart, a SIGTERM'ed instance commits while it closes, a broker stop or a freeze takes effect a moment
   *     after it is started); the reported seconds are from the start of the fault either way
   */
  private void fault(String name, ProgressMonitor monitor, boolean fromEnd, FaultAction action) throws Exception {
    long baseline = monitor.baselineLag(System.currentTimeMillis(), Duration.ofSeconds(10));
    long injected = System.currentTimeMillis();
    long ended = action.run();
    long resumed = monitor.awaitResumed(fromEnd ? ended : injected, FAULT_TIMEOUT);
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("fault", name);
    f.put("injectedAtSecond", (injected - produceStart) / 1000.0);
    f.put("faultSeconds", (ended - injected) / 1000.0);
    f.put("allPartitionsProgressingAfterSeconds", resumed < 0 ? null : (resumed - injected) / 1000.0);
    f.put("baselineLagRecords", baseline);
    f.put("injected", injected);
    f.put("resumed", resumed);
    faults.add(f);
    System.out.printf("[chaos] %s: lasted %.1f s, every partition progressing %s s after it began%n", name,
        (ended - injected) / 1000.0, resumed < 0 ? "NEVER (" + FAULT_TIMEOUT.toSeconds() + ")"
            : Double.toString((resumed - injected) / 1000.0));
    if (resumed < 0) {
      failures.add("after '" + name + "' not every partition made progress within " + FAULT_TIMEOUT.toSeconds()
          + " s" + logTails());
    }
    Thread.sleep(10_000);
  }

  /**
   * For each fault: seconds from injection until the total lag was back at most 1.5 × (or 2 s of input above) its
   * median in the 10 s before the fault, looked for until the next fault; null when it never was.
   */
  private void lagRecovery(ProgressMonitor monitor) {
    for (int i = 0; i < faults.size(); i++) {
      Map<String, Object> f = faults.get(i);
      long injected = (long) f.remove("injected");
      long resumed = (long) f.remove("resumed");
      long baseline = (long) f.get("baselineLagRecords");
      long limit = Math.max(baseline * 3 / 2, baseline + rate * 2L);
      long until = i + 1 < faults.size() ? (long) faults.get(i + 1).get("injected") : Long.MAX_VALUE;
      Double seconds = null;
      if (resumed > 0) {
        for (ProgressMonitor.Sample s : monitor.samples()) {
          if (s.at() >= resumed && s.at() < until && s.lag() <= limit) {
            seconds = (s.at() - injected) / 1000.0;
            break;
          }
        }
      }
      f.put("lagBackToBaselineAfterSeconds", seconds);
    }
  }

  @FunctionalInterface
  private interface FaultAction {
    long run() throws Exception;
  }

  private void produce(KafkaProducer<byte[], byte[]> producer, ChaosWorkload workload, long start) {
    try {
      long n = 0;
      long trickleFrom = 0;
      long trickleBase = 0;
      while (n < events || !stopProducing.get()) {
        long now = System.currentTimeMillis();
        // after the seeded events, a trickle (rate / 20) until the last fault is over, so progress stays visible
        // without growing a backlog a slow machine needs minutes to drain
        if (n >= events && trickleFrom == 0) {
          trickleFrom = now;
          trickleBase = n;
        }
        long due = trickleFrom == 0 ? (now - start) * rate / 1000 : trickleBase + (now - trickleFrom) * rate / 20_000;
        while (n < due) {
          boolean poison = n % 1500 == 750;
          boolean newSchema = v2.get();
          producer.send(poison ? workload.poison(now) : workload.next(now, newSchema), (md, e) -> {
            if (e == null && newSchema && !poison) {
              firstV2Offsets.accumulateAndGet(md.partition(), md.offset(), (a, b) -> a < 0 ? b : Math.min(a, b));
            }
          });
          n++;
          lastEventTime.set(now);
        }
        produced.set(n);
        Thread.sleep(10);
      }
      producer.flush();
    } catch (Throwable e) {
      producerError.set(e);
    }
  }

  private void watchExits(ProgressMonitor monitor, long start) {
    long nextPrint = 0;
    while (supervising.get()) {
      if (System.currentTimeMillis() >= nextPrint) {
        nextPrint = System.currentTimeMillis() + 10_000;
        ProgressMonitor.Sample s = monitor.latest();
        System.out.printf("[chaos] t=%3d s produced %,d, lag %s%n", (System.currentTimeMillis() - start) / 1000,
            produced.get(), s == null ? "?" : String.format("%,d (sampled %d s ago)", s.lag(),
                (System.currentTimeMillis() - s.at()) / 1000));
      }
      for (int i = 0; i < INSTANCES; i++) {
        // like a process supervisor (systemd, Kubernetes): an instance that exits on its own is restarted, and
        // the exit is a finding
        if (apps[i] != null && !maintenance[i] && !apps[i].isAlive()) {
          String finding = String.format("instance app-%d exited on its own %d s into the run; restarted:%n%s", i,
              (System.currentTimeMillis() - start) / 1000, apps[i].errors(12));
          unexpectedExits.add(finding);
          System.out.println("[chaos] " + finding);
          apps[i].start(null);
        }
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void startBroker() throws InterruptedException {
    broker.start("READY");
    broker.awaitReady(Duration.ofSeconds(120));
  }

  private Map<String, Object> producerConfig() {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    // survive the broker restart without losing or reordering records
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 300_000);
    return p;
  }

  private Path writeConfig(int i) throws IOException {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("bootstrap.servers", bootstrap);
    c.put("schema.registry.url", registry);
    c.put("application.id", APP_ID);
    c.put("processing.guarantee", "exactly_once_v2");
    c.put("state.dir", dir.resolve("state-" + i).toString());
    c.put("num.stream.threads", "1");
    c.put("num.standby.replicas", "1");
    c.put("session.timeout.ms", "20000");
    c.put("application.server", "127.0.0.1:0");
    c.put("cipherwatch.http.port", "0");
    c.put("cipherwatch.http.bind", "127.0.0.1");
    c.put("cipherwatch.management.port", "0");
    c.put("cipherwatch.management.bind", "127.0.0.1");
    c.put("cipherwatch.topics.input", INPUT);
    c.put("cipherwatch.topics.metadata", METADATA);
    c.put("cipherwatch.topics.usage", USAGE);
    c.put("cipherwatch.topics.fleet", FLEET);
    c.put("cipherwatch.topics.alerts", ALERTS);
    c.put("cipherwatch.topics.dlq", DLQ);
    c.put("cipherwatch.topics.replication-factor", "1");
    c.put("cipherwatch.usage.window.size", Duration.ofMillis(SETTINGS.size()).toString());
    c.put("cipherwatch.usage.window.advance", Duration.ofMillis(SETTINGS.advance()).toString());
    c.put("cipherwatch.usage.window.grace", Duration.ofMillis(SETTINGS.grace()).toString());
    c.put("cipherwatch.alerts.resolve-after", Duration.ofMillis(SETTINGS.resolveAfter()).toString());
    c.put("cipherwatch.alerts.regression.clean-period", Duration.ofMillis(SETTINGS.cleanPeriod()).toString());
    c.put("cipherwatch.rocksdb.block-cache-bytes", Integer.toString(16 << 20));
    c.put("cipherwatch.rocksdb.write-buffer-bytes", Integer.toString(8 << 20));
    StringBuilder b = new StringBuilder();
    c.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
    Path file = dir.resolve("app-" + i + ".properties");
    Files.writeString(file, b);
    return file;
  }

  /** Registers a schema under a subject through the Confluent-compatible API; returns its id. */
  private int register(String subject, Schema schema) throws Exception {
    String body = json.writeValueAsString(Map.of("schema", schema.toString()));
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(registry + "/subjects/"
            + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/versions"))
        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("registering " + subject + " failed: HTTP " + r.statusCode() + " " + r.body());
    }
    return json.readTree(r.body()).get("id").asInt();
  }

  /** The registry's process (a child of this JVM, started by {@link ApicurioRegistryExtension}). */
  private static long registryPid() {
    Optional<ProcessHandle> p = ProcessHandle.current().descendants()
        .filter(h -> h.info().commandLine().orElse("").contains("apicurio-registry-wrapper")).findFirst();
    return p.orElseThrow(() -> new IllegalStateException("cannot find the Apicurio registry process among this JVM's"
        + " children (ApicurioRegistryExtension starts it)")).pid();
  }

  private void awaitGroupMembers(int members, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      while (true) {
        var d = admin.describeConsumerGroups(List.of(APP_ID)).all().get(10, TimeUnit.SECONDS).get(APP_ID);
        if (d.members().size() == members && d.groupState().name().equals("STABLE")) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("consumer group " + APP_ID + " has " + d.members().size() + " members in"
              + " state " + d.groupState() + " after " + timeout + logTails());
        }
        Thread.sleep(500);
      }
    }
  }

  private Map<Integer, List<ConsumerRecord<byte[], byte[]>>> readInput() {
    Map<Integer, List<ConsumerRecord<byte[], byte[]>>> out = new java.util.TreeMap<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      for (ConsumerRecord<byte[], byte[]> r : readAll(c, INPUT)) {
        out.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(r);
      }
    }
    return out;
  }

  private <T extends SpecificRecord> List<T> read(String topic, Class<T> type) {
    AvroSerde<T> serde = new AvroSerde<>(type);
    serde.configure(Map.of("schema.registry.url", registry), false);
    List<T> out = new ArrayList<>();
    try (KafkaConsumer<byte[], T> c = new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(),
        serde.deserializer())) {
      for (ConsumerRecord<byte[], T> r : readAll(c, topic)) {
        out.add(r.value());
      }
    }
    return out;
  }

  private Map<String, Object> consumerConfig() {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    return c;
  }

  /** Every committed record of the topic, partition by partition in offset order (up to the last stable offset). */
  private static <V> List<ConsumerRecord<byte[], V>> readAll(KafkaConsumer<byte[], V> c, String topic) {
    List<TopicPartition> tps = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      tps.add(new TopicPartition(topic, p));
    }
    c.assign(tps);
    c.seekToBeginning(tps);
    Map<TopicPartition, Long> end = c.endOffsets(tps);
    List<ConsumerRecord<byte[], V>> out = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("could not read " + topic + " to its end " + end);
      }
      c.poll(Duration.ofMillis(500)).forEach(out::add);
    }
    out.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
        : Long.compare(a.offset(), b.offset()));
    return out;
  }

  private void writeReport(Path basedir) throws IOException {
    Path file = basedir.resolve("target/chaos-report.json");
    json.writeValue(file.toFile(), report);
    StringBuilder table = new StringBuilder(String.format("[chaos] %-100s | %8s | %22s | %22s%n", "fault",
        "lasted s", "all partitions moving", "lag back to baseline"));
    for (Map<String, Object> f : faults) {
      table.append(String.format("[chaos] %-100s | %8s | %20s s | %20s s%n", f.get("fault"), f.get("faultSeconds"),
          f.get("allPartitionsProgressingAfterSeconds"), f.get("lagBackToBaselineAfterSeconds")));
    }
    System.out.print(table);
    System.out.println("[chaos] report " + file + ":\n" + json.writeValueAsString(report));
  }

  private String logTails() {
    StringBuilder b = new StringBuilder();
    for (ChildJvm app : apps) {
      if (app != null) {
        b.append("\n--- ").append(app.name()).append(" (").append(app.log()).append(")\n").append(app.tail(15));
      }
    }
    return b.toString();
  }

  private static int[] freePorts() throws IOException {
    try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        ServerSocket b = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return new int[] {a.getLocalPort(), b.getLocalPort()};
    }
  }

  private static void sleepUntil(long epochMillis) throws InterruptedException {
    long wait = epochMillis - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }

  private static long msSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }
}
