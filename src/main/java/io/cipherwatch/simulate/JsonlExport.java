package io.cipherwatch.simulate;

import io.cipherwatch.avro.TrunkMetadata;
import io.cipherwatch.json.JsonOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a simulated fleet as JSONL files for {@code replay}: trunk metadata one {@link TrunkMetadata} object a
 * line, handshakes one {@code HandshakeEvent} object a line (ISO-8601 timestamps, suites as IANA codes).
 * An {@link FaultKind#UNDECODABLE} record cannot be written as a broken Avro value in a text file; it becomes
 * a line that is not JSON ({@value #UNDECODABLE_PREFIX} followed by the raw text), which replay rejects as
 * {@code BAD_JSON}. Every other fault is a JSON object that breaks the rule its kind names.
 */
public final class JsonlExport {
  /** Start of the line written for an undecodable record; it makes the line invalid JSON. */
  public static final String UNDECODABLE_PREFIX = "UNDECODABLE ";

  /** How many events are written between two {@link Progress} calls. */
  public static final long PROGRESS_EVERY = 50_000;

  /** What was written. */
  public record Result(long events, long faults, long firstEventMillis, long lastEventMillis) {}

  /** Receives progress every {@link #PROGRESS_EVERY} events. */
  @FunctionalInterface
  public interface Progress {
    void written(long events, long faults);
  }

  private JsonlExport() {}

  /** Writes every trunk of {@code sim}, one line each. */
  public static long writeTrunks(FleetSimulator sim, Path file) throws IOException {
    long n = 0;
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (TrunkMetadata t : sim.trunks()) {
        w.write(JsonOutput.line(t));
        w.write('\n');
        n++;
      }
    }
    return n;
  }

  /**
   * Writes {@code count} handshakes of {@code sim}, event {@code i} at {@code timeline.timeOf(i)}.
   *
   * @param progress called every {@link #PROGRESS_EVERY} events; may be null
   */
  public static Result writeEvents(FleetSimulator sim, EventTimeline timeline, long count, Path file,
      Progress progress) throws IOException {
    long faults = 0;
    long first = Long.MIN_VALUE;
    long last = Long.MIN_VALUE;
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (long i = 0; i < count; i++) {
        long t = timeline.timeOf(i);
        if (i == 0) {
          first = t;
        }
        last = t;
        SimulatedRecord r = sim.next(t);
        if (r.isFault()) {
          faults++;
        }
        if (r.rawValue() != null) {
          w.write(UNDECODABLE_PREFIX);
          w.write(new String(r.rawValue(), StandardCharsets.UTF_8));
        } else {
          w.write(JsonOutput.line(r.event()));
        }
        w.write('\n');
        if (progress != null && (i + 1) % PROGRESS_EVERY == 0) {
          progress.written(i + 1, faults);
        }
      }
    }
    return new Result(count, faults, first, last);
  }
}
