package io.cipherwatch.bench;

import io.cipherwatch.app.CipherwatchApp;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.TrunkMetadata;
import io.cipherwatch.config.CipherwatchConfig;
import io.cipherwatch.embedded.EmbeddedKafka;
import io.cipherwatch.serde.AvroSerde;
import io.cipherwatch.serde.MockSchemaRegistry;
import io.cipherwatch.serde.SchemaRegistrySerdeException;
import io.cipherwatch.simulate.FleetSimulator;
import io.cipherwatch.simulate.FleetSpec;
import io.cipherwatch.simulate.SimulatedRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The end-to-end benchmark, in one process on an in-process broker ({@link EmbeddedKafka}):
 *
 * <ol>
 *   <li>warm-up (unless {@code warmupEvents} is 0): the consumer and the exactly-once topology over a separate,
 *       smaller input, unmeasured, so that the measured phases run compiled code;
 *   <li>produce: the simulator's trunk metadata, then {@code events} handshakes spread over 6 h of event time
 *       (the simulator's realistic mix, with its small share of malformed records) to an input topic;
 *   <li>baseline: one plain {@link KafkaConsumer} reads and deserializes every record, nothing else (three
 *       passes, the median rate counts);
 *   <li>the cipherwatch application with production defaults (exactly-once v2), from start until its consumer
 *       group has committed the end of every input partition; then the same with at-least-once;
 *   <li>output floor: a bare transactional producer writes as many records, of the same sizes, as the
 *       at-least-once instance wrote to all its topics; baseline + this is what reading and writing alone cost;
 *   <li>latency: a fresh exactly-once instance fed at half the measured exactly-once rate with event time = now;
 *       alert latency is the time an alert is read (read_committed) minus its event time; processing lag is
 *       the application's own event-lag histogram.
 * </ol>
 *
 * Heap, resident set and state-store size are measured per phase. The registry is {@code mock://bench}.
 */
public final class Bench {
  static final long HOUR = 3_600_000L;
  static final long DAY = 24 * HOUR;
  /** Passes of the baseline consumer; the median rate is the baseline. */
  static final int BASELINE_PASSES = 3;
  static final long SPAN = 6 * HOUR;
  static final String REGISTRY_SCOPE = "bench";
  /** commit.interval.ms of the at-least-once run. */
  static final long ALOS_COMMIT_INTERVAL_MS = 1_000;
  private static final Duration RUNNING_TIMEOUT = Duration.ofMinutes(2);

  private final BenchOptions o;
  private final PrintStream log;
  private final String runId = UUID.randomUUID().toString().substring(0, 8);
  private final Map<String, Object> result = new LinkedHashMap<>();
  private final Map<String, Object> phases = new LinkedHashMap<>();
  private final List<Path> tempDirs = new ArrayList<>();
  private EmbeddedKafka kafka;
  private Admin admin;
  private MemoryWatch memory;
  private Map<String, String> base;
  private String input;
  private String metadata;
  private Map<TopicPartition, Long> inputEnd;
  private boolean metadataSent;
  /** Every topic the at-least-once instance wrote: outputs, changelogs, repartition topic. */
  private List<String> alosWritten;

  /** A bench with these options, printing progress to {@code log}. */
  public Bench(BenchOptions options, PrintStream log) {
    this.o = options;
    this.log = log;
  }

  /** Runs every phase and returns the figures (see {@link BenchResult} for the keys). */
  public BenchResult run() throws Exception {
    result.put("events", o.events());
    result.put("trunks", o.trunks());
    result.put("partitions", o.partitions());
    memory = new MemoryWatch();
    try {
      Path brokerDir = tempDir("cw-bench-kafka");
      kafka = EmbeddedKafka.start(brokerDir);
      admin = Admin.create(kafka.adminConfig());
      input = "bench-" + runId + "-tls-handshakes";
      metadata = "bench-" + runId + "-trunk-metadata";
      base = new HashMap<>();
      base.put("bootstrap.servers", kafka.bootstrapServers());
      base.put("schema.registry.url", "mock://" + REGISTRY_SCOPE);
      base.put("cipherwatch.topics.metadata", metadata);
      base.put("cipherwatch.http.port", "0");
    base.put("cipherwatch.management.port", "0");
      kafka.createTopic(metadata, 1, Map.of("cleanup.policy", "compact"));
      memory.phase();

      if (o.warmupEvents() > 0) {
        warmup();
      }
      Produced in = produce(input, o.events(), "produce");
      inputEnd = in.end();
      result.put("produceEventsPerSec", o.events() / in.seconds());
      result.put("malformedEvents", in.malformed());
      result.put("inputBytes", in.bytes());
      baseline();
      double eos = topology("eos", "exactly_once_v2");
      double alos = topology("alos", "at_least_once");
      outputFloor();
      double baselineRate = (double) result.get("baselineEventsPerSec");
      result.put("eosRatio", eos / baselineRate);
      result.put("alosRatio", alos / baselineRate);
      result.put("floorRatio", (double) result.get("floorEventsPerSec") / baselineRate);
      latency(Math.max(1, eos / 2));

      long peakHeap = 0;
      long peakRss = 0;
      for (Object v : phases.values()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> p = (Map<String, Object>) v;
        peakHeap = Math.max(peakHeap, (long) p.get("peakHeapBytes"));
        peakRss = Math.max(peakRss, (long) p.get("peakRssBytes"));
      }
      result.put("peakHeapBytes", peakHeap);
      result.put("peakRssBytes", peakRss);
      result.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
      result.put("phases", phases);
      result.put("machine", machine());
      return new BenchResult(result);
    } finally {
      if (admin != null) {
        admin.close(Duration.ofSeconds(5));
      }
      if (kafka != null) {
        kafka.close();
      }
      memory.close();
      MockSchemaRegistry.drop(REGISTRY_SCOPE);
      for (Path p : tempDirs) {
        deleteRecursively(p);
      }
    }
  }

  // ---- phase 1 -------------------------------------------------------------------------------------------

  /** What {@link #produce} wrote: the topic's end offsets, malformed records, value bytes, seconds taken. */
  private record Produced(Map<TopicPartition, Long> end, long malformed, long bytes, double seconds) {}

  /**
   * Pre-produces {@code n} simulated handshakes over 6 hours of event time to {@code topic} (and the trunks'
   * metadata, the first time).
   */
  private Produced produce(String topic, long n, String phase)
      throws ExecutionException, InterruptedException {
    kafka.createTopics(o.partitions(), topic);
    // the same 6 hours of the simulator's day every run (yesterday from 09:00 UTC): its traffic follows the time
    // of day, so a start taken from the clock would change the workload, and the figures, from hour to hour
    long start = Math.floorDiv(System.currentTimeMillis(), DAY) * DAY - DAY + 9 * HOUR;
    FleetSimulator sim = new FleetSimulator(FleetSpec.defaults(o.trunks(), start, SPAN), o.seed());
    AvroSerde<HandshakeEvent> events = serde(HandshakeEvent.class);
    AvroSerde<TrunkMetadata> trunks = serde(TrunkMetadata.class);
    long faults = 0;
    long bytes = 0;
    long began = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer = producer(20, 512 * 1024)) {
      if (!metadataSent) {
        // the same seed gives the same trunks every time
        for (TrunkMetadata md : sim.trunks()) {
          producer.send(new ProducerRecord<>(metadata, md.getTrunkId().getBytes(StandardCharsets.UTF_8),
              trunks.serializer().serialize(metadata, md)));
        }
        metadataSent = true;
      }
      for (long i = 0; i < n; i++) {
        long ts = start + Math.floorDiv(SPAN * i, n);
        SimulatedRecord r = sim.next(ts);
        byte[] value = r.rawValue() != null ? r.rawValue() : events.serializer().serialize(topic, r.event());
        faults += r.isFault() ? 1 : 0;
        bytes += value.length;
        producer.send(new ProducerRecord<>(topic, null, ts, r.key().getBytes(StandardCharsets.UTF_8), value));
      }
      producer.flush();
    }
    double seconds = seconds(began);
    Map<TopicPartition, Long> end = endOffsets(topic);
    long total = end.values().stream().mapToLong(Long::longValue).sum();
    if (total != n) {
      throw new IllegalStateException("The input topic holds " + total + " records after producing " + n
          + "; the broker lost or duplicated records");
    }
    log.printf("%-10s %,d events (%,d malformed, %,d MB) in %.1f s%n", phase, n, faults, bytes >> 20, seconds);
    endPhase(phase, seconds, Map.of());
    return new Produced(end, faults, bytes, seconds);
  }

  /**
   * Runs the consumer baseline's code and the topology over a separate warm-up topic, unmeasured: the JIT
   * compiles the hot paths here (on 2 cores it otherwise takes a core's share for the first ~40 s of the
   * measured run), so the measured phases compare compiled code with compiled code.
   */
  private void warmup() throws Exception {
    String topic = "bench-" + runId + "-warmup-tls-handshakes";
    Map<TopicPartition, Long> end = produce(topic, o.warmupEvents(), "warmup-in").end();
    long began = System.nanoTime();
    consume(topic, end, o.warmupEvents());
    Map<String, String> m = appConfig("bench-" + runId + "-warmup-", topic);
    try (CipherwatchApp app = new CipherwatchApp(CipherwatchConfig.of(m))) {
      app.start();
      awaitRunning(app, System.nanoTime());
      awaitCommitted(app, m.get("application.id"), end, Duration.ofSeconds(Math.max(300, o.warmupEvents() / 500)));
    }
    double seconds = seconds(began);
    result.put("warmupEvents", o.warmupEvents());
    log.printf("warmup     consumer and exactly-once topology over %,d events in %.1f s (not measured)%n",
        o.warmupEvents(), seconds);
    endPhase("warmup", seconds, Map.of());
  }

  // ---- phase 2 -------------------------------------------------------------------------------------------

  /**
   * Reads the input {@value #BASELINE_PASSES} times (a fresh consumer each) and keeps the median rate: one pass
   * takes about 2 s here, short enough for the machine's noise to move it by a fifth.
   */
  private void baseline() {
    double[] rates = new double[BASELINE_PASSES];
    long began = System.nanoTime();
    for (int pass = 0; pass < BASELINE_PASSES; pass++) {
      long passBegan = System.nanoTime();
      long[] counts = consume(input, inputEnd, o.events());
      double seconds = seconds(passBegan);
      rates[pass] = counts[0] / seconds;
      log.printf("baseline   %,d read, %,d decoded (checksum %d) in %.1f s: %,.0f events/s%n", counts[0],
          counts[1], counts[2], seconds, rates[pass]);
    }
    double[] sorted = rates.clone();
    Arrays.sort(sorted);
    double rate = sorted[BASELINE_PASSES / 2];
    result.put("baselineEventsPerSec", rate);
    result.put("baselinePassesEventsPerSec", rates);
    log.printf("baseline   median of %d passes: %,.0f events/s%n", BASELINE_PASSES, rate);
    endPhase("baseline", seconds(began), Map.of("eventsPerSec", rate));
  }

  /** Reads and deserializes {@code n} records of the topic with a plain consumer: {read, decoded, checksum}. */
  private long[] consume(String topic, Map<TopicPartition, Long> end, long n) {
    AvroSerde<HandshakeEvent> serde = serde(HandshakeEvent.class);
    Map<String, Object> c = kafka.adminConfig();
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + runId + "-baseline");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    long read = 0;
    long decoded = 0;
    long checksum = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      consumer.assign(end.keySet());
      consumer.seekToBeginning(end.keySet());
      while (read < n) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          read++;
          try {
            HandshakeEvent e = serde.deserializer().deserialize(topic, r.value());
            checksum += e.getOfferedCipherSuites().size();
            decoded++;
          } catch (SchemaRegistrySerdeException malformed) {
            checksum--;
          }
        }
      }
    }
    return new long[] {read, decoded, checksum};
  }

  // ---- phase 3 -------------------------------------------------------------------------------------------

  /** Runs the application over the whole input; returns events/s from start until everything is committed. */
  private double topology(String name, String guarantee) throws Exception {
    String prefix = "bench-" + runId + "-" + name + "-";
    Map<String, String> m = appConfig(prefix, input);
    m.put("processing.guarantee", guarantee);
    if (guarantee.equals("at_least_once")) {
      // its 30 s default would put up to 30 s of waiting for the final commit into a few seconds of work;
      // committing more often only costs more, so the figure stays conservative
      m.put("commit.interval.ms", Long.toString(ALOS_COMMIT_INTERVAL_MS));
      result.put("alosCommitIntervalMs", ALOS_COMMIT_INTERVAL_MS);
    }
    Path stateDir = Path.of(m.get("state.dir"));
    String appId = m.get("application.id");
    long began = System.nanoTime();
    long runningAt;
    long doneAt;
    long handshakes;
    long deadLetters;
    try (CipherwatchApp app = new CipherwatchApp(CipherwatchConfig.of(m))) {
      app.start();
      runningAt = awaitRunning(app, began);
      awaitCommitted(app, appId, inputEnd, Duration.ofSeconds(Math.max(300, o.events() / 500)));
      doneAt = System.nanoTime();
      handshakes = (long) counterTotal(app, "cipherwatch.handshakes");
      deadLetters = (long) counterTotal(app, "cipherwatch.dead.letters");
      // retained with every trunk's state loaded (the in-process broker's share included)
      result.put(name + "LiveHeapBytes", memory.liveHeap());
    }
    double seconds = (doneAt - began) / 1e9;
    if (guarantee.equals("at_least_once")) {
      // without transaction markers, end offsets count the records written
      alosWritten = new ArrayList<>();
      for (String out : List.of("usage", "fleet", "alerts", "dlq")) {
        String topic = m.get("cipherwatch.topics." + out);
        result.put(out + "Records", endOffsets(topic).values().stream().mapToLong(Long::longValue).sum());
        alosWritten.add(topic);
      }
      for (String t : admin.listTopics().names().get()) {
        if (t.startsWith(appId + "-") && (t.endsWith("-changelog") || t.endsWith("-repartition"))) {
          alosWritten.add(t);
        }
      }
    }
    double rate = o.events() / seconds;
    long stateBytes = sizeOf(stateDir);
    result.put(name + "EventsPerSec", rate);
    result.put(name + "StartupMs", (runningAt - began) / 1_000_000);
    result.put(name + "ProcessingEventsPerSec", o.events() / ((doneAt - runningAt) / 1e9));
    result.put(name + "StateStoreBytes", stateBytes);
    result.put(name + "Handshakes", handshakes);
    result.put(name + "DeadLetters", deadLetters);
    log.printf("%-10s %,d events (%,d valid, %,d dead letters) in %.1f s (%.1f s to RUNNING): %,.0f events/s,"
        + " state %,d MB%n", name, o.events(), handshakes, deadLetters, seconds, (runningAt - began) / 1e9, rate,
        stateBytes >> 20);
    endPhase(name, seconds, Map.of("eventsPerSec", rate, "stateStoreBytes", stateBytes));
    if (guarantee.equals("exactly_once_v2")) {
      restore(m);
    }
    return rate;
  }

  /** Restarts the finished instance on an empty state directory: the time to RUNNING is a full restore. */
  private void restore(Map<String, String> config) throws Exception {
    Map<String, String> m = new HashMap<>(config);
    m.put("state.dir", tempDir("cw-bench-restore").toString());
    long began = System.nanoTime();
    long runningAt;
    try (CipherwatchApp app = new CipherwatchApp(CipherwatchConfig.of(m))) {
      app.start();
      runningAt = awaitRunning(app, began);
    }
    long millis = (runningAt - began) / 1_000_000;
    result.put("eosRestoreMs", millis);
    log.printf("restore    the exactly-once instance on an empty state directory: RUNNING after %,d ms%n", millis);
    endPhase("restore", millis / 1e3, Map.of());
  }

  /**
   * What reading the input and writing the topology's output costs with bare clients: a transactional producer
   * (Streams' batching, a commit every 100 ms) writes as many records of the same average sizes as the
   * at-least-once instance wrote to all its topics (outputs, changelogs, repartition), counted from the broker.
   * Baseline time + this time is the floor of any processor that reads these events and writes these records
   * one after the other on this machine.
   */
  private void outputFloor() throws Exception {
    Map<String, long[]> written = new LinkedHashMap<>();
    Map<TopicPartition, Long> sizes = new HashMap<>();
    List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(n -> n.id()).toList();
    admin.describeLogDirs(brokers).allDescriptions().get().values().forEach(dirs ->
        dirs.values().forEach(d -> d.replicaInfos().forEach((tp, info) -> sizes.put(tp, info.size()))));
    long records = 0;
    long bytes = 0;
    for (String t : alosWritten) {
      long n = 0;
      long b = 0;
      for (Map.Entry<TopicPartition, Long> e : endOffsets(t).entrySet()) {
        n += e.getValue();
        b += sizes.getOrDefault(e.getKey(), 0L);
      }
      written.put(t, new long[] {n, b});
      records += n;
      bytes += b;
    }
    String floorTopic = "bench-" + runId + "-floor";
    kafka.createTopics(o.partitions(), floorTopic);
    Map<String, Object> p = producerConfig(100, 512 * 1024);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-" + runId + "-floor");
    byte[][] keys = new byte[4096][];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = String.format("trunk-%05d", i).getBytes(StandardCharsets.UTF_8);
    }
    long began;
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      producer.initTransactions();
      began = System.nanoTime();
      long committed = began;
      producer.beginTransaction();
      long i = 0;
      for (long[] nb : written.values()) {
        // the stored size includes about 70 bytes of per-record and per-batch framing
        byte[] value = new byte[(int) Math.max(1, nb[0] == 0 ? 0 : nb[1] / nb[0] - 70)];
        for (long k = 0; k < nb[0]; k++, i++) {
          producer.send(new ProducerRecord<>(floorTopic, keys[(int) (i & 4095)], value));
          if ((i & 1023) == 0 && System.nanoTime() - committed > 100_000_000L) {
            producer.commitTransaction();
            producer.beginTransaction();
            committed = System.nanoTime();
          }
        }
      }
      producer.commitTransaction();
    }
    double seconds = seconds(began);
    double baselineSeconds = o.events() / (double) result.get("baselineEventsPerSec");
    double floorRate = o.events() / (baselineSeconds + seconds);
    result.put("outputRecords", records);
    result.put("outputBytes", bytes);
    result.put("outputWriteSeconds", seconds);
    result.put("floorEventsPerSec", floorRate);
    log.printf("floor      a bare transactional producer writes the %,d records (%,d MB) the topology wrote in %.1f s;"
        + " reading + writing alone: %,.0f events/s%n", records, bytes >> 20, seconds, floorRate);
    endPhase("floor", seconds, Map.of("eventsPerSec", floorRate));
  }

  // ---- phase 4 -------------------------------------------------------------------------------------------

  private void latency(double rate) throws Exception {
    String prefix = "bench-" + runId + "-latency-";
    String latencyInput = prefix + "tls-handshakes";
    kafka.createTopics(o.partitions(), latencyInput);
    Map<String, String> m = appConfig(prefix, latencyInput);
    String alertsTopic = m.get("cipherwatch.topics.alerts");
    long began = System.nanoTime();
    Percentiles alertLatency = new Percentiles();
    long sent = 0;
    try (CipherwatchApp app = new CipherwatchApp(CipherwatchConfig.of(m))) {
      app.start();
      awaitRunning(app, began);
      long measureFrom = System.currentTimeMillis() + Math.min(2_000, o.latencySeconds() * 250L);
      AtomicBoolean reading = new AtomicBoolean(true);
      Thread reader = new Thread(() -> readAlerts(alertsTopic, measureFrom, reading, alertLatency),
          "bench-alert-reader");
      reader.start();
      sent = feed(latencyInput, rate);
      Map<TopicPartition, Long> end = endOffsets(latencyInput);
      awaitCommitted(app, m.get("application.id"), end, Duration.ofSeconds(60));
      Thread.sleep(1_000);
      reading.set(false);
      reader.join();
      long[] lag = lagPercentiles(app);
      result.put("latencyRateEventsPerSec", rate);
      result.put("latencyEvents", sent);
      result.put("alertsMeasured", (long) alertLatency.count());
      result.put("p50AlertLatencyMs", alertLatency.percentile(50));
      result.put("p99AlertLatencyMs", alertLatency.percentile(99));
      result.put("maxAlertLatencyMs", alertLatency.max());
      result.put("p50ProcessingLagMs", lag[0]);
      result.put("p99ProcessingLagMs", lag[1]);
      result.put("maxProcessingLagMs", lag[2]);
      log.printf("latency    %,d events at %,.0f/s: %,d alerts, alert latency p50 %d ms p99 %d ms max %d ms;"
              + " processing lag p50 <=%d ms p99 <=%d ms max %d ms%n", sent, rate, alertLatency.count(),
          alertLatency.percentile(50), alertLatency.percentile(99), alertLatency.max(), lag[0], lag[1], lag[2]);
    }
    endPhase("latency", seconds(began), Map.of("events", sent));
  }

  /** Sends simulated events with event time = now at {@code rate} per second for the configured duration. */
  private long feed(String topic, double rate) {
    FleetSimulator sim = new FleetSimulator(
        FleetSpec.defaults(o.trunks(), System.currentTimeMillis(), SPAN), o.seed() + 1);
    AvroSerde<HandshakeEvent> events = serde(HandshakeEvent.class);
    long sent = 0;
    try (KafkaProducer<byte[], byte[]> producer = producer(1, 64 * 1024)) {
      long began = System.nanoTime();
      long duration = TimeUnit.SECONDS.toNanos(o.latencySeconds());
      long elapsed;
      while ((elapsed = System.nanoTime() - began) < duration) {
        long due = (long) (rate * elapsed / 1e9);
        while (sent < due) {
          long now = System.currentTimeMillis();
          SimulatedRecord r = sim.next(now);
          byte[] value = r.rawValue() != null ? r.rawValue() : events.serializer().serialize(topic, r.event());
          producer.send(new ProducerRecord<>(topic, null, now, r.key().getBytes(StandardCharsets.UTF_8), value));
          sent++;
        }
        LockSupport.parkNanos(200_000);
      }
      producer.flush();
    }
    return sent;
  }

  private void readAlerts(String topic, long measureFrom, AtomicBoolean reading, Percentiles out) {
    Map<String, Object> c = kafka.adminConfig();
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + runId + "-alert-reader");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      for (int p = 0; p < o.partitions(); p++) {
        parts.add(new TopicPartition(topic, p));
      }
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      while (reading.get()) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
          long now = System.currentTimeMillis();
          if (r.timestamp() >= measureFrom) {
            synchronized (out) {
              out.add(now - r.timestamp());
            }
          }
        }
      }
    }
  }

  /** p50, p99 (upper bounds of the histogram buckets they fall in) and max of the event-lag timer, in ms. */
  private static long[] lagPercentiles(CipherwatchApp app) {
    Timer lag = app.registry().find("cipherwatch.event.lag").timer();
    if (lag == null || lag.count() == 0) {
      return new long[] {-1, -1, -1};
    }
    CountAtBucket[] buckets = lag.takeSnapshot().histogramCounts();
    double total = lag.count();
    long[] out = new long[3];
    double[] ps = {0.50, 0.99};
    for (int i = 0; i < ps.length; i++) {
      out[i] = (long) Math.ceil(lag.max(TimeUnit.MILLISECONDS));
      for (CountAtBucket b : buckets) {
        // Micrometer's histogram counts are cumulative
        if (b.count() >= ps[i] * total) {
          out[i] = (long) Math.ceil(b.bucket(TimeUnit.MILLISECONDS));
          break;
        }
      }
    }
    out[2] = (long) Math.ceil(lag.max(TimeUnit.MILLISECONDS));
    return out;
  }

  // ---- helpers -------------------------------------------------------------------------------------------

  private Map<String, String> appConfig(String prefix, String inputTopic) throws IOException {
    Map<String, String> m = new HashMap<>(base);
    m.put("application.id", prefix + "cipherwatch");
    m.put("state.dir", tempDir("cw-bench-state").toString());
    m.put("num.stream.threads", Integer.toString(o.streamThreads()));
    m.putAll(o.settings());
    m.put("cipherwatch.topics.input", inputTopic);
    String[] outputs = {"usage", "fleet", "alerts", "dlq"};
    String[] names = {"cipher-usage", "fleet-usage", "deprecation-alerts", "tls-handshakes-dlq"};
    String[] topics = new String[outputs.length];
    for (int i = 0; i < outputs.length; i++) {
      topics[i] = prefix + names[i];
      m.put("cipherwatch.topics." + outputs[i], topics[i]);
    }
    kafka.createTopics(o.partitions(), topics);
    return m;
  }

  private <T extends org.apache.avro.specific.SpecificRecord> AvroSerde<T> serde(Class<T> type) {
    AvroSerde<T> serde = new AvroSerde<>(type);
    serde.configure(base, false);
    return serde;
  }

  /** A producer for pre-producing input: {@link #producerConfig} with a 128 MiB buffer. */
  private KafkaProducer<byte[], byte[]> producer(int lingerMs, int batchBytes) {
    Map<String, Object> p = producerConfig(lingerMs, batchBytes);
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L << 20);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private Map<String, Object> producerConfig(int lingerMs, int batchBytes) {
    Map<String, Object> p = kafka.adminConfig();
    p.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, batchBytes);
    return p;
  }

  private long awaitRunning(CipherwatchApp app, long began) throws InterruptedException {
    long deadline = began + RUNNING_TIMEOUT.toNanos();
    while (app.streams().state() != KafkaStreams.State.RUNNING) {
      failIfStopped(app);
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("cipherwatch did not reach RUNNING within " + RUNNING_TIMEOUT.toSeconds()
            + " s (state " + app.streams().state() + "); see the log above for the cause");
      }
      Thread.sleep(10);
    }
    return System.nanoTime();
  }

  private static void failIfStopped(CipherwatchApp app) {
    KafkaStreams.State s = app.streams().state();
    if (s == KafkaStreams.State.ERROR || s == KafkaStreams.State.NOT_RUNNING
        || s == KafkaStreams.State.PENDING_ERROR) {
      throw new IllegalStateException("cipherwatch stopped (state " + s + ") during the bench; see the log above");
    }
  }

  /** Waits until the application's group has committed {@code end} on every partition. */
  private void awaitCommitted(CipherwatchApp app, String group, Map<TopicPartition, Long> end, Duration timeout)
      throws InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get();
      boolean done = true;
      for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
        OffsetAndMetadata c = committed.get(e.getKey());
        done &= c != null && c.offset() >= e.getValue();
      }
      if (done) {
        return;
      }
      failIfStopped(app);
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("cipherwatch did not commit the end of the input within "
            + timeout.toSeconds() + " s; committed " + committed + ", end " + end);
      }
      Thread.sleep(20);
    }
  }

  private Map<TopicPartition, Long> endOffsets(String topic) throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetSpec> query = new HashMap<>();
    for (int p = 0; p < o.partitions(); p++) {
      query.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<TopicPartition, Long> end = new HashMap<>();
    admin.listOffsets(query).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
    return end;
  }

  private static double counterTotal(CipherwatchApp app, String name) {
    return app.registry().find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  private void endPhase(String name, double seconds, Map<String, Object> extra) {
    MemoryWatch.Peaks p = memory.phase();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seconds", seconds);
    m.putAll(extra);
    m.put("peakHeapBytes", p.heapBytes());
    m.put("peakRssBytes", p.rssBytes());
    phases.put(name, m);
  }

  private Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    m.put("jvmArgs", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    m.put("date", Instant.now().toString());
    m.put("streamThreads", o.streamThreads());
    m.put("settings", new java.util.TreeMap<>(o.settings()));
    m.put("rssPeakPerPhase", memory.rssPerPhase());
    return m;
  }

  private Path tempDir(String prefix) throws IOException {
    Path p = Files.createTempDirectory(prefix);
    tempDirs.add(p);
    return p;
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }

  static long sizeOf(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0;
        }
      }).sum();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot measure " + dir, e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort: a temporary directory
    }
  }
}
