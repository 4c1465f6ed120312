package io.cipherwatch.topology;

/** Stable names of the topology's state stores (their changelog topics derive from them). */
public final class StoreNames {
  private StoreNames() {}

  /** Global store of trunk metadata (from the metadata topic), raw Avro bytes by trunkId. */
  public static final String TRUNK_METADATA = "trunk-metadata-store";
  /**
   * Per direction | trunkId: the alert state and the usage panes (counts per advance-sized slice of event time)
   * still needed, one compact record ({@code TrunkState}).
   */
  public static final String TRUNK_STATE = "trunk-state";
  /** Per task: the end of the newest closed window. */
  public static final String USAGE_PROGRESS = "usage-progress";
  /**
   * Latest CipherUsage row per "trunkId|DIRECTION", for interactive queries and gauges: computed on read from
   * {@link #TRUNK_STATE}, holds nothing and has no changelog.
   */
  public static final String USAGE_LATEST = "usage-latest";
  /** Latest transition per "trunkId|DIRECTION|TYPE", for interactive queries and gauges. */
  public static final String ALERTS_LATEST = "alerts-latest";
  /** Fleet roll-up accumulators per direction | windowStart. */
  public static final String FLEET_WINDOWS = "fleet-windows";
  /** Fleet roll-up: per direction | source partition, the newest window end that partition closed. */
  public static final String FLEET_WATERMARKS = "fleet-watermarks";
  /**
   * Per input partition: the raw input records waiting, in order, for the schema registry to answer again
   * (by 8-byte sequence number); empty unless the registry was unavailable.
   */
  public static final String PARKED_HANDSHAKES = "parked-handshakes";
  /** Latest emitted FleetUsage per direction name. */
  public static final String FLEET_LATEST = "fleet-latest";
  /** Global store of the live policy record (topic cipher-policy). */
  public static final String CIPHER_POLICY = "cipher-policy-store";
  /** Offer signatures per (trunk, direction, UTC day), for removal readiness. */
  public static final String READINESS_STATE = "readiness-state";
  /** Global store of the latest RemoteProbe per trunkId (topic remote-probes). */
  public static final String REMOTE_PROBES = "remote-probes-store";
  /** Per (trunk, direction): the readiness standing last sent to its organization (a ReadinessUpdate). */
  public static final String READINESS_VERDICTS = "readiness-verdicts";
  /** Per organization key: its pairs' standings and the verdict last published on the readiness topic. */
  public static final String READINESS_ORGANIZATIONS = "readiness-organizations";
}
