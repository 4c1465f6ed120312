package io.cipherwatch.topology;

/** Stable names of the topology's state stores (their changelog topics derive from them). */
public final class StoreNames {
  private StoreNames() {}

  /** Global store of trunk metadata (from the metadata topic), raw Avro bytes by trunkId. */
  public static final String TRUNK_METADATA = "trunk-metadata-store";
  /** Usage panes of the advance size: key paneStart | direction | trunkId, value compact counts. */
  public static final String USAGE_PANES = "usage-panes";
  /** Per task: the end of the newest closed window. */
  public static final String USAGE_PROGRESS = "usage-progress";
  /** Alert state machine state per direction | trunkId. */
  public static final String ALERT_STATE = "alert-state";
  /** Latest emitted CipherUsage per "trunkId|DIRECTION", for interactive queries and gauges. */
  public static final String USAGE_LATEST = "usage-latest";
  /** Latest transition per "trunkId|DIRECTION|TYPE", for interactive queries and gauges. */
  public static final String ALERTS_LATEST = "alerts-latest";
  /** Fleet roll-up accumulators per direction | windowStart. */
  public static final String FLEET_WINDOWS = "fleet-windows";
  /** Fleet roll-up: per direction | source partition, the newest window end that partition closed. */
  public static final String FLEET_WATERMARKS = "fleet-watermarks";
  /** Latest emitted FleetUsage per direction name. */
  public static final String FLEET_LATEST = "fleet-latest";
}
