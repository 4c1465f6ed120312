package io.cipherwatch.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cipherwatch.avro.HandshakeEvent;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-client check through the same real registry: bytes our serializer writes are decoded by Confluent's
 * own Node.js client ({@code @confluentinc/schemaregistry}, {@code src/test/node/crosscheck.mjs}), and bytes
 * it writes are decoded by ours. Runs {@code npm ci} in {@code src/test/node} when {@code node_modules} is
 * missing. Without node/npm the test is skipped locally but fails when {@code CI=true}.
 */
@ExtendWith(ApicurioRegistryExtension.class)
class NodeCrossCheckIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path NODE_DIR =
      Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "src", "test", "node");
  private static String node;
  private static String missing;

  @BeforeAll
  static void nodeAndModules() throws Exception {
    Optional<Path> nodeBin = onPath("node");
    Optional<Path> npmBin = onPath("npm");
    if (nodeBin.isEmpty() || npmBin.isEmpty()) {
      String why = "node and npm are needed for the Confluent Node.js cross-check but are not on PATH"
          + " (install Debian's nodejs and npm packages; .ci/run does)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(why);
      }
      System.out.println("[node] skipping the cross-check: " + why);
      missing = why;
      return;
    }
    node = nodeBin.get().toString();
    if (!Files.isDirectory(NODE_DIR.resolve("node_modules/@confluentinc/schemaregistry"))) {
      run(List.of(npmBin.get().toString(), "ci", "--no-audit", "--no-fund"), 600);
    }
  }

  /** Skips each test (so reports count them as skipped) when node is missing outside CI. */
  @BeforeEach
  void requireNode() {
    Assumptions.assumeTrue(missing == null, () -> missing);
  }

  private static Optional<Path> onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static String run(List<String> cmd, int timeoutSeconds) throws Exception {
    Path err = Files.createTempFile("crosscheck", ".err");
    try {
      Process p = new ProcessBuilder(cmd).directory(NODE_DIR.toFile()).redirectError(err.toFile()).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail(String.join(" ", cmd) + " did not finish in " + timeoutSeconds + " s");
      }
      if (p.exitValue() != 0) {
        fail(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + Files.readString(err) + out);
      }
      return out;
    } finally {
      Files.deleteIfExists(err);
    }
  }

  private static String crosscheck(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(node, "crosscheck.mjs"));
    cmd.addAll(List.of(args));
    return run(cmd, 120);
  }

  private static AvroSerde<HandshakeEvent> serde() {
    AvroSerde<HandshakeEvent> serde = new AvroSerde<>(HandshakeEvent.class);
    serde.configure(Map.of("schema.registry.url", ApicurioRegistryExtension.ccompatUrl()), false);
    return serde;
  }

  /** The event as Confluent's Node client represents it: enums as symbols, timestamp as epoch millis. */
  private static ObjectNode asJson(HandshakeEvent e, boolean withCallId) {
    ObjectNode n = JSON.createObjectNode()
        .put("eventId", e.getEventId()).put("edgeId", e.getEdgeId()).put("trunkId", e.getTrunkId())
        .put("direction", e.getDirection().name()).put("timestamp", e.getTimestamp().toEpochMilli())
        .put("protocolVersion", e.getProtocolVersion());
    e.getOfferedCipherSuites().forEach(n.putArray("offeredCipherSuites")::add);
    n.put("negotiatedCipherSuite", e.getNegotiatedCipherSuite()).put("outcome", e.getOutcome().name())
        .put("failureReason", e.getFailureReason()).put("remoteAddress", e.getRemoteAddress())
        .put("sni", e.getSni()).put("remoteUserAgent", e.getRemoteUserAgent());
    if (withCallId) {
      n.put("callId", e.getCallId());
    }
    return n;
  }

  @Test
  void confluentNodeClientDecodesWhatWeWrite() throws Exception {
    String topic = "xcheck-java-" + UUID.randomUUID().toString().substring(0, 8);
    HandshakeEvent event = Fixtures.event("java-written");
    byte[] bytes = serde().serializer().serialize(topic, event);

    JsonNode decoded = JSON.readTree(crosscheck("decode", ApicurioRegistryExtension.ccompatUrl(), topic,
        Base64.getEncoder().encodeToString(bytes)));
    assertEquals(asJson(event, true), decoded);
  }

  @Test
  void weDecodeWhatTheConfluentNodeClientWrites(@TempDir Path dir) throws Exception {
    String topic = "xcheck-node-" + UUID.randomUUID().toString().substring(0, 8);
    HandshakeEvent event = Fixtures.event("node-written");
    event.setFailureReason("handshake_failure");
    event.setSni(null);
    Path schema = Files.writeString(dir.resolve("schema.avsc"), HandshakeEvent.getClassSchema().toString());
    Path value = Files.writeString(dir.resolve("value.json"), asJson(event, true).toString());

    byte[] bytes = Base64.getDecoder().decode(crosscheck("encode", ApicurioRegistryExtension.ccompatUrl(), topic,
        schema.toString(), value.toString()).trim());

    int registered = SchemaRegistryClients.fromConfig(Map.of("schema.registry.url", ApicurioRegistryExtension.ccompatUrl()))
        .getId(topic + "-value", HandshakeEvent.getClassSchema());
    assertEquals(0, bytes[0]);
    assertEquals(registered, ByteBuffer.wrap(bytes, 1, 4).getInt());
    assertEquals(event, serde().deserializer().deserialize(topic, bytes));
  }

  @Test
  void weResolveAnOlderSchemaTheNodeClientWroteWith(@TempDir Path dir) throws Exception {
    String topic = "xcheck-node-v1-" + UUID.randomUUID().toString().substring(0, 8);
    HandshakeEvent event = Fixtures.event("node-v1");
    Schema v1 = Fixtures.v1Schema();
    Path schema = Files.writeString(dir.resolve("v1.avsc"), v1.toString());
    Path value = Files.writeString(dir.resolve("v1.json"), asJson(event, false).toString());

    byte[] bytes = Base64.getDecoder().decode(crosscheck("encode", ApicurioRegistryExtension.ccompatUrl(), topic,
        schema.toString(), value.toString()).trim());

    HandshakeEvent read = serde().deserializer().deserialize(topic, bytes);
    assertNull(read.getCallId());
    event.setCallId(null);
    assertEquals(event, read);
  }
}
