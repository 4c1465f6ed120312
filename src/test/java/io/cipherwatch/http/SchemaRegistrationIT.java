package io.cipherwatch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cipherwatch.app.CipherwatchApp;
import io.cipherwatch.app.SchemaSubjects;
import io.cipherwatch.cli.Main;
import io.cipherwatch.config.ConfigException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code auto.register.schemas=false} (run's default) an instance whose subjects are not registered stops at
 * start-up saying how to register them; after {@code cipherwatch schemas register} it runs, and writes every
 * output and store changelog (a subject missing from the list would fail the stream thread).
 */
class SchemaRegistrationIT {
  @Test
  void registerThenRunWithoutAutoRegistration(@TempDir Path dir) throws Exception {
    try (AppFixture fixture = AppFixture.start()) {
      Map<String, String> noAuto = Map.of("auto.register.schemas", "false");
      ConfigException e = assertThrows(ConfigException.class, () -> fixture.startApp(noAuto));
      assertTrue(e.getMessage().contains("cipher-usage-value") && e.getMessage().contains(
          SchemaSubjects.REGISTER_COMMAND), e.getMessage());

      Path cfg = Files.writeString(dir.resolve("app.properties"), "schema.registry.url=mock://" + fixture.scope
          + "\napplication.id=" + fixture.applicationId + "\n");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PrintStream old = System.out;
      int rc;
      try {
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        rc = Main.commandLine().execute("schemas", "register", "--config", cfg.toString());
      } finally {
        System.setOut(old);
      }
      String listed = out.toString(StandardCharsets.UTF_8);
      assertEquals(0, rc, listed);
      assertEquals(7, listed.lines().count(), listed);
      assertTrue(listed.contains("removal-readiness-value id "), listed);
      assertTrue(listed.contains(fixture.applicationId + "-alerts-latest-changelog-value id "), listed);

      CipherwatchApp app = fixture.startApp(noAuto);
      AppFixture.awaitReady(app, Duration.ofSeconds(90));
      Scenario scenario = Scenario.standard(Instant.now());
      fixture.sendMetadata(scenario);
      fixture.sendGarbage("edge-1");
      fixture.sendEvents(scenario);
      fixture.tick(Instant.now());
      AppFixture.await(Duration.ofSeconds(90), "fleet windows and alerts written", () -> {
        JsonNode fleet = AppFixture.get(app.httpPort(), "/api/fleet").json().path("fleet");
        JsonNode alerts = AppFixture.get(app.httpPort(), "/api/alerts").json();
        return fleet.path("INBOUND").isObject() && alerts.path("count").asInt() > 0;
      });
      assertEquals("UP", AppFixture.get(app.managementPort(), "/health").json().path("status").asText(),
          "no stream thread failed on an unregistered subject");
      assertEquals(200, AppFixture.get(app.managementPort(), "/ready").status());
    }
  }
}
