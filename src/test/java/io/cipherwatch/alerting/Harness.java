package io.cipherwatch.alerting;

import io.cipherwatch.policy.Classification;
import java.util.ArrayList;
import java.util.List;

/** Drives one key of an {@link AlertEngine} in tests, generating eventIds and plausible suites. */
final class Harness {
  static final long MINUTE = 60_000L;
  static final long HOUR = 60 * MINUTE;
  /** A minute-aligned (and default-bucket-aligned) epoch timestamp. */
  static final long T0 = 29_166_667L * MINUTE;

  static final int DEPRECATED_SUITE = 0xC028;
  static final int SUPPORTED_SUITE = 0xC030;
  static final int[] DEPRECATED_OFFER = {0xC028, 0x003D};
  static final int[] MIXED_OFFER = {0xC028, 0xC030, 0x003D};
  static final int[] CLEAN_OFFER = {0xC030, 0xC02F};

  final AlertEngine engine;
  final String trunkId;
  final String direction;
  AlertState state = AlertState.empty();
  final List<Transition> all = new ArrayList<>();
  private int seq;

  Harness(AlertSettings settings) {
    this(settings, "trunk-1", "OUTBOUND");
  }

  Harness(AlertSettings settings, String trunkId, String direction) {
    this.engine = new AlertEngine(settings);
    this.trunkId = trunkId;
    this.direction = direction;
  }

  static Harness defaults() {
    return new Harness(AlertSettings.defaults());
  }

  /** Applies one handshake with a generated eventId and returns its transitions. */
  List<Transition> hs(long timestamp, Classification cls) {
    return hs(timestamp, cls, "e" + ++seq);
  }

  /** Applies one handshake with the given eventId and returns its transitions. */
  List<Transition> hs(long timestamp, Classification cls, String eventId) {
    List<Transition> out = new ArrayList<>();
    engine.onHandshake(trunkId, direction, state, timestamp, cls, deprecated(cls), eventId,
        chosen(cls), offer(cls), out);
    all.addAll(out);
    return out;
  }

  /** Applies the same handshake n times, spaced by stepMs from start; returns all transitions. */
  List<Transition> repeat(int n, long start, long stepMs, Classification cls) {
    List<Transition> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.addAll(hs(start + i * stepMs, cls));
    }
    return out;
  }

  static boolean deprecated(Classification cls) {
    return cls == Classification.DEPRECATED_ONLY || cls == Classification.PREFERS_DEPRECATED;
  }

  static int chosen(Classification cls) {
    return switch (cls) {
      case FAILED -> -1;
      case DEPRECATED_ONLY, PREFERS_DEPRECATED -> DEPRECATED_SUITE;
      case OFFERS_DEPRECATED, CLEAN -> SUPPORTED_SUITE;
    };
  }

  static int[] offer(Classification cls) {
    return switch (cls) {
      case DEPRECATED_ONLY -> DEPRECATED_OFFER;
      case PREFERS_DEPRECATED, OFFERS_DEPRECATED, FAILED -> MIXED_OFFER;
      case CLEAN -> CLEAN_OFFER;
    };
  }
}
