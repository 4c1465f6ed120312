package io.cipherwatch.simulate;

/** What a simulated trunk's remote endpoints do with the deprecated suites; one per trunk. */
public enum Scenario {
  /** Modern endpoint in both directions: nothing deprecated offered or negotiated. */
  CLEAN,
  /** Inbound offer lists a deprecated suite below a modern one, so a modern suite is negotiated. */
  HYGIENE,
  /** Inbound offer ranks a deprecated suite first while offering a supported alternative. */
  PREFERS_DEPRECATED,
  /** A legacy endpoint supports only deprecated suites, inbound, outbound or both: breaks at removal. */
  DEPRECATED_ONLY,
  /** Outbound: the remote server enforces its own order with a deprecated suite on top. */
  SERVER_PREFERENCE,
  /**
   * Clean primary SBC, but traffic fails over to an old secondary SBC now and then: regressions to
   * deprecated suites, or handshake failures when the secondary shares no suite with the platform.
   */
  FAILOVER
}
