package io.cipherwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cipherwatch.avro.DeadLetter;
import io.cipherwatch.serde.AvroSerde;
import io.cipherwatch.serde.MockSchemaRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.errors.TaskMigratedException;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Streams error handlers turn one record's failure into a bounded, counted dead letter. */
class ErrorHandlersTest {
  private final String scope = "handlers-" + UUID.randomUUID();
  private final Map<String, Object> configs = new HashMap<>();
  private final FuzzedInputTest.Counts counts = new FuzzedInputTest.Counts();

  ErrorHandlersTest() {
    configs.put("schema.registry.url", "mock://" + scope);
    configs.put("cipherwatch.topics.dlq", "dlq");
    configs.put(DeadLetterSink.METRICS_CONFIG, counts);
  }

  @AfterEach
  void drop() {
    MockSchemaRegistry.drop(scope);
  }

  /** A fixed source-record context (a stand-in for Kafka Streams' own). */
  private static ErrorHandlerContext context(byte[] key, byte[] value) {
    return new ErrorHandlerContext() {
      public String topic() {
        return "tls-handshakes";
      }

      public int partition() {
        return 3;
      }

      public long offset() {
        return 42;
      }

      public Headers headers() {
        return new RecordHeaders();
      }

      public String processorNodeId() {
        return "window-and-alert";
      }

      public TaskId taskId() {
        return new TaskId(0, 3);
      }

      public long timestamp() {
        return 1_000;
      }

      public byte[] sourceRawKey() {
        return key;
      }

      public byte[] sourceRawValue() {
        return value;
      }
    };
  }

  private DeadLetter decode(ProducerRecord<byte[], byte[]> r) {
    try (AvroSerde<DeadLetter> serde = new AvroSerde<>(DeadLetter.class)) {
      serde.configure(configs, false);
      return serde.deserializer().deserialize(r.topic(), r.value());
    }
  }

  @Test
  void anUnproducibleOutputBecomesADeadLetterOfItsSourceRecord() {
    DeadLetterProductionHandler h = new DeadLetterProductionHandler();
    h.configure(configs);
    byte[] bigKey = new byte[10_000];
    ProducerRecord<byte[], byte[]> out = new ProducerRecord<>("cipher-usage", null, 5_000L, new byte[] {1},
        new byte[2_000_000]);
    ProductionExceptionHandler.Response r = h.handleError(context(bigKey, new byte[100]), out,
        new RecordTooLargeException("too big"));
    assertEquals(ProductionExceptionHandler.Result.RESUME, r.result());
    List<ProducerRecord<byte[], byte[]>> dlq = r.deadLetterQueueRecords();
    assertEquals(1, dlq.size());
    assertEquals("dlq", dlq.get(0).topic());
    assertEquals(DeadLetters.MAX_ORIGINAL_BYTES, dlq.get(0).key().length, "the key is bounded too");
    DeadLetter dl = decode(dlq.get(0));
    assertEquals("UNPRODUCIBLE_OUTPUT", dl.getReason());
    assertTrue(dl.getMessage().contains("cipher-usage") && dl.getMessage().contains("2000000 bytes")
        && dl.getMessage().contains(RecordTooLargeException.class.getName()), dl.getMessage());
    assertEquals(42, dl.getOffset());
    assertEquals(3, dl.getPartition());
    assertEquals(10_000, dl.getOriginalKeySize());
    assertEquals(DeadLetters.MAX_ORIGINAL_BYTES, dl.getOriginalKey().remaining());
    assertEquals(Map.of("UNPRODUCIBLE_OUTPUT", 1L), counts.deadLetters);
  }

  @Test
  void retriableErrorsAreRetriedAndAnUnwritableDeadLetterFails() {
    DeadLetterProductionHandler h = new DeadLetterProductionHandler();
    h.configure(configs);
    ProducerRecord<byte[], byte[]> out = new ProducerRecord<>("cipher-usage", new byte[1], new byte[1]);
    assertEquals(ProductionExceptionHandler.Result.RETRY,
        h.handleError(context(null, null), out, new TimeoutException("slow")).result());
    ProducerRecord<byte[], byte[]> dl = new ProducerRecord<>("dlq", new byte[1], new byte[1]);
    assertEquals(ProductionExceptionHandler.Result.FAIL,
        h.handleError(context(null, null), dl, new RecordTooLargeException("x")).result());
    assertTrue(counts.deadLetters.isEmpty());
  }

  @Test
  void aProcessingExceptionIsAnInternalErrorAndStreamsFailuresStillFail() {
    DeadLetterProcessingHandler h = new DeadLetterProcessingHandler();
    h.configure(configs);
    ProcessingExceptionHandler.Response r = h.handleError(context(new byte[] {'k'}, new byte[] {1, 2}),
        new Record<>("k", "v", 1_000), new ArithmeticException("/ by zero"));
    assertEquals(ProcessingExceptionHandler.Result.RESUME, r.result());
    DeadLetter dl = decode(r.deadLetterQueueRecords().get(0));
    assertEquals("INTERNAL_ERROR", dl.getReason());
    assertTrue(dl.getMessage().contains("window-and-alert: java.lang.ArithmeticException: / by zero"),
        dl.getMessage());
    assertEquals(2, dl.getOriginalValueSize());
    assertEquals(ProcessingExceptionHandler.Result.FAIL, h.handleError(context(null, null),
        new Record<>("k", "v", 1_000), new TaskMigratedException("moved")).result());
  }

  @Test
  void aRegistryThatIsDownFailsTheThreadInsteadOfDroppingTheRecord() throws Exception {
    // a real registry fault: an output serialized while nothing listens at the registry's address
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    io.cipherwatch.serde.AvroSerde<DeadLetter> serde = new io.cipherwatch.serde.AvroSerde<>(DeadLetter.class);
    serde.configure(Map.of("schema.registry.url", "http://127.0.0.1:" + closedPort), false);
    DeadLetter any = DeadLetter.newBuilder().setReason("LATE").setMessage("m").setTopic("t").setPartition(0)
        .setOffset(0).setRecordTimestamp(java.time.Instant.EPOCH).setOriginalKey(null).setOriginalValue(null)
        .setEventId(null).setTrunkId(null).build();
    Exception fault = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
        () -> serde.serializer().serialize("fleet-usage", any));
    DeadLetterProcessingHandler h = new DeadLetterProcessingHandler();
    h.configure(configs);
    ProcessingExceptionHandler.Response r = h.handleError(context(new byte[] {'k'}, new byte[] {1}),
        new Record<>("k", "v", 1_000), new RuntimeException("wrapped", fault));
    assertEquals(ProcessingExceptionHandler.Result.FAIL, r.result(), "a dependency outage is never a dead letter");
  }

  @Test
  void farFutureAndNegativeRecordTimestampsDoNotMoveStreamTime() {
    BoundedTimestampExtractor x = new BoundedTimestampExtractor(300_000);
    long now = System.currentTimeMillis();
    assertEquals(now - 1000, x.extract(record(now - 1000), 7));
    assertEquals(7, x.extract(record(now + 86_400_000L), 7));
    assertEquals(7, x.extract(record(-1), 7));
    long first = x.extract(record(now + 86_400_000L), -1);
    assertTrue(first >= now && first < now + 60_000, "a partition's first record gets the wall clock");
  }

  private static ConsumerRecord<Object, Object> record(long ts) {
    return new ConsumerRecord<>("t", 0, 0, ts, org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, 0,
        null, null, new RecordHeaders(), java.util.Optional.empty());
  }

  @Test
  void parkedRecordsRoundTripWithHeadersAndNulls() {
    RecordHeaders h = new RecordHeaders();
    h.add("cipherwatch-tick", "123".getBytes());
    h.add("n", null);
    Record<byte[], byte[]> r = new Record<>(null, new byte[] {9, 8}, 77L, h);
    ParkedRecords.Parked p = ParkedRecords.decode(5, ParkedRecords.encode(r, 2, 99));
    assertEquals(5, p.seq());
    assertEquals(2, p.partition());
    assertEquals(99, p.offset());
    assertEquals(77, p.record().timestamp());
    assertEquals(null, p.record().key());
    assertEquals(List.of((byte) 9, (byte) 8), List.of(p.record().value()[0], p.record().value()[1]));
    assertEquals("123", new String(p.record().headers().lastHeader("cipherwatch-tick").value()));
    assertEquals(null, p.record().headers().lastHeader("n").value());
  }
}
