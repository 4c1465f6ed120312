package io.cipherwatch.topology;

import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.DeadLetter;
import io.cipherwatch.avro.DeprecationAlert;
import io.cipherwatch.avro.FleetUsage;
import io.cipherwatch.avro.HandshakeEvent;
import io.cipherwatch.avro.RemoteProbe;
import io.cipherwatch.avro.TrunkMetadata;
import io.cipherwatch.serde.SchemaRegistrySerdeConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The topology's processors run in line on one input partition, without the Kafka Streams runtime, for offline
 * replay (the test driver's per-record bookkeeping cost several times the processing). Each input record passes
 * through {@code decode-validate-classify} and {@code window-and-alert}, and the fleet partials it produced through
 * {@code fleet-rollup}, in the order one stream task would process them; stores are in memory without changelogs
 * (those only written while processing keep nothing, so no output is checked against the producer's size limit);
 * a processor's exception becomes a dead letter through {@link DeadLetterProcessingHandler}; stream-time
 * punctuations fire after each record as in a stream task (wall-clock ones never: offline there is no wall clock).
 * Readiness changes are not rolled up by organization: replay writes no readiness.
 */
public final class OfflineTopology {
  private static final String INTAKE = "decode-validate-classify";
  private static final String WINDOW = "window-and-alert";
  private static final String FLEET = "fleet-rollup";

  /** Receives the outputs, in the order the topology produces them. */
  public interface Sink {
    void usage(CipherUsage row);

    void alert(DeprecationAlert alert);

    void fleet(FleetUsage row);

    void deadLetter(DeadLetter deadLetter);
  }

  private final TopologyConfig cfg;
  private final Sink sink;
  private final BoundedTimestampExtractor timestamps;
  private final ProcessingExceptionHandler handler = new DeadLetterProcessingHandler();
  private final Deserializer<DeadLetter> deadLetters;
  private final Serde<FleetPartial> partials = FleetPartial.serde();
  private final KeyValueStore<String, ValueAndTimestamp<byte[]>> metadata;
  private final Node<String, Intake> intakeNode;
  private final Node<String, Output> windowNode;
  private final Node<String, FleetUsage> fleetNode;
  private final IntakeProcessor intake;
  private final TrunkWindowProcessor window;
  private final FleetRollupProcessor fleet;
  private final List<Node<?, ?>> nodes;
  private final List<StreamPunctuation> punctuations = new ArrayList<>();
  private final List<Record<String, FleetPartial>> pendingPartials = new ArrayList<>();
  private long streamTime = -1;
  private long offset = -1;
  private String node;
  private Record<byte[], byte[]> source;

  /**
   * Builds the processors and their stores.
   *
   * @param cfg the topology configuration (one input partition)
   * @param handlerConfig the configuration of the processing exception handler (the dead-letter topic, serdes)
   */
  public OfflineTopology(TopologyConfig cfg, Map<String, Object> handlerConfig, Sink sink) {
    this.cfg = cfg;
    this.sink = sink;
    Map<String, Object> serdeConfig = cfg.serdeConfig();
    // the stores' serdes see one changelog name for every store here: subjects by record name keep them apart
    Map<String, Object> storeSerdeConfig = new HashMap<>(serdeConfig);
    storeSerdeConfig.put(SchemaRegistrySerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "RecordNameStrategy");
    timestamps = new BoundedTimestampExtractor(cfg.limits().maxFutureSkewMs());
    handler.configure(handlerConfig);
    deadLetters = CipherwatchTopology.avro(DeadLetter.class, serdeConfig).deserializer();
    intakeNode = new Node<>(this::routeIntake);
    windowNode = new Node<>(this::routeOutput);
    fleetNode = new Node<>(r -> sink.fleet(r.value()));
    nodes = List.of(intakeNode, windowNode, fleetNode);

    CountingStoreSupplier metadataStore = new CountingStoreSupplier(
        Stores.inMemoryKeyValueStore(StoreNames.TRUNK_METADATA));
    metadata = add(Stores.timestampedKeyValueStoreBuilder(metadataStore, Serdes.String(), Serdes.ByteArray()),
        windowNode);
    add(Stores.timestampedKeyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.REMOTE_PROBES),
        Serdes.String(), Serdes.ByteArray()), windowNode);
    add(bytes(StoreNames.PARKED_HANDSHAKES), intakeNode);
    add(bytes(StoreNames.USAGE_PROGRESS), windowNode);
    // written per event or per row only for restarts and queries, which replay has none of
    for (String writeOnly : List.of(StoreNames.TRUNK_STATE, StoreNames.ALERTS_LATEST)) {
      windowNode.addStateStore(new DiscardingStore<>(writeOnly));
    }
    windowNode.addStateStore(UsageLatestStore.builder(StoreNames.USAGE_LATEST).build());
    add(bytes(StoreNames.READINESS_STATE), windowNode);
    add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.READINESS_VERDICTS), Serdes.String(),
        Serdes.ByteArray()), windowNode);
    add(bytes(StoreNames.FLEET_WINDOWS), fleetNode);
    add(bytes(StoreNames.FLEET_WATERMARKS), fleetNode);
    add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.FLEET_LATEST), Serdes.String(),
        CipherwatchTopology.outputSerde(FleetUsage.class, storeSerdeConfig)), fleetNode);

    intake = new IntakeProcessor(cfg.inputTopic(), cfg.policyHolder(), cfg.limits(),
        CipherwatchTopology.avro(HandshakeEvent.class, serdeConfig).deserializer(), cfg.metrics());
    window = new TrunkWindowProcessor(cfg, CipherwatchTopology.avro(TrunkMetadata.class, serdeConfig).deserializer(),
        CipherwatchTopology.avro(RemoteProbe.class, serdeConfig).deserializer(), metadataStore::writes,
        null);
    fleet = new FleetRollupProcessor(cfg.inputPartitions(), cfg.policyHolder());
    long now = System.currentTimeMillis();
    for (Node<?, ?> n : nodes) {
      n.setCurrentSystemTimeMs(now);
    }
    intake.init(intakeNode);
    window.init(windowNode);
    fleet.init(fleetNode);
    for (Node<?, ?> n : nodes) {
      for (MockProcessorContext.CapturedPunctuator p : n.scheduledPunctuators()) {
        if (p.getType() == PunctuationType.STREAM_TIME) {
          punctuations.add(new StreamPunctuation(p.getInterval().toMillis(), p.getPunctuator()));
        }
      }
    }
  }

  private static StoreBuilder<KeyValueStore<Bytes, byte[]>> bytes(String name) {
    return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray());
  }

  private static <S extends StateStore> S add(StoreBuilder<S> builder,
      Node<?, ?> owner) {
    S store = builder.withLoggingDisabled().build();
    store.init(owner.getStateStoreContext(), store);
    owner.addStateStore(store);
    return store;
  }

  /** A trunk-metadata record, as the global table would hold it (null value: deleted). */
  public void metadata(String trunkId, byte[] value, long timestamp) {
    if (value == null) {
      metadata.delete(trunkId);
    } else {
      metadata.put(trunkId, ValueAndTimestamp.make(value, timestamp));
    }
  }

  /**
   * Processes one input record (a handshake event, or a time tick) at the next offset of the single input
   * partition.
   */
  public void input(byte[] key, byte[] value, long timestamp, Headers headers) {
    offset++;
    Headers h = headers == null ? new RecordHeaders() : headers;
    long ts = timestamps.extract(new ConsumerRecord<>(cfg.inputTopic(), 0, offset, timestamp,
        TimestampType.CREATE_TIME, 0, 0, key, value, h, Optional.empty()),
        streamTime);
    streamTime = Math.max(streamTime, ts);
    source = new Record<>(key, value, ts, h);
    for (Node<?, ?> n : nodes) {
      n.setRecordMetadata(cfg.inputTopic(), 0, offset);
      n.setCurrentStreamTimeMs(streamTime);
    }
    run(INTAKE, () -> intake.process(source));
    for (StreamPunctuation p : punctuations) {
      if (streamTime >= p.next) {
        run(WINDOW, () -> p.punctuator.punctuate(streamTime));
        long missed = (streamTime - p.next) / p.interval;
        p.next += (missed + 1) * p.interval;
      }
    }
  }

  /** Runs one step; an exception becomes a dead letter of the source record, as the handler decides. */
  private void run(String nodeName, Runnable step) {
    node = nodeName;
    try {
      step.run();
      drainPartials();
    } catch (RuntimeException e) {
      pendingPartials.clear();
      ProcessingExceptionHandler.Response r = handler.handleError(new Failure(), source, e);
      if (r.result() == ProcessingExceptionHandler.Result.FAIL) {
        throw e;
      }
      for (ProducerRecord<byte[], byte[]> dl : r.deadLetterQueueRecords()) {
        sink.deadLetter(deadLetters.deserialize(dl.topic(), dl.value()));
      }
    }
  }

  /** The fleet partials of this record go through the repartition topic's serde, then to the rollup. */
  private void drainPartials() {
    String previous = node;
    node = FLEET;
    for (int i = 0; i < pendingPartials.size(); i++) {
      Record<String, FleetPartial> p = pendingPartials.get(i);
      byte[] wire = partials.serializer().serialize(cfg.inputTopic(), p.value());
      fleet.process(p.withValue(partials.deserializer().deserialize(cfg.inputTopic(), wire)));
    }
    pendingPartials.clear();
    node = previous;
  }

  private void routeIntake(Record<String, Intake> r) {
    Intake in = r.value();
    if (in.kind == Intake.Kind.REJECTED) {
      sink.deadLetter(AvroRecords.deadLetter(in));
      return;
    }
    String previous = node;
    node = WINDOW;
    window.process(r);
    node = previous;
  }

  private void routeOutput(Record<String, Output> r) {
    Output o = r.value();
    if (o.usage() != null) {
      sink.usage(o.usage().toAvro());
    } else if (o.alert() != null) {
      sink.alert(o.alert());
    } else if (o.fleet() != null) {
      pendingPartials.add(r.withValue(o.fleet()));
    } else if (o.deadLetter() != null) {
      sink.deadLetter(o.deadLetter());
    }
    // readiness changes: not rolled up offline
  }

  /** A processor context whose forwards go straight to the next step. */
  private static final class Node<K, V> extends MockProcessorContext<K, V> {
    private final Consumer<Record<K, V>> next;

    Node(Consumer<Record<K, V>> next) {
      super(config(), new TaskId(0, 0), null);
      this.next = next;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K1 extends K, V1 extends V> void forward(Record<K1, V1> record) {
      next.accept((Record<K, V>) record);
    }

    @Override
    public <K1 extends K, V1 extends V> void forward(Record<K1, V1> record, String childName) {
      forward(record);
    }
  }

  private static Properties config() {
    Properties p = new Properties();
    p.put("processing.exception.handler.global.enabled", "true"); // as in production; no global thread here
    return p;
  }

  private static final class StreamPunctuation {
    final long interval;
    final Punctuator punctuator;
    long next; // stream-time punctuations are aligned to 0: the first fires with the first record

    StreamPunctuation(long interval, Punctuator punctuator) {
      this.interval = interval;
      this.punctuator = punctuator;
    }
  }

  /** What the handler learns about the failing step and its source record. */
  private final class Failure implements ErrorHandlerContext {
    @Override
    public String topic() {
      return cfg.inputTopic();
    }

    @Override
    public int partition() {
      return 0;
    }

    @Override
    public long offset() {
      return offset;
    }

    @Override
    public Headers headers() {
      return source.headers();
    }

    @Override
    public String processorNodeId() {
      return node;
    }

    @Override
    public TaskId taskId() {
      return new TaskId(0, 0);
    }

    @Override
    public long timestamp() {
      return source.timestamp();
    }

    @Override
    public byte[] sourceRawKey() {
      return source.key();
    }

    @Override
    public byte[] sourceRawValue() {
      return source.value();
    }
  }
}
