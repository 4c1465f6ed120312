package io.cipherwatch.serde;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;

/**
 * Size limits the {@link AvroDeserializer} checks before it allocates anything for a record.
 *
 * @param maxRecordBytes largest accepted payload (wire-format header included)
 * @param maxArrayItems most items in any array of a record (the offered cipher suites)
 * @param maxIdChars longest accepted value of an {@link #ID_FIELDS id field}, in characters
 */
public record DecodeLimits(int maxRecordBytes, int maxArrayItems, int maxIdChars) {
  /** Config key of {@link #maxRecordBytes()} (default 65536). */
  public static final String MAX_RECORD_BYTES = "cipherwatch.input.max-record-bytes";
  /** Config key of {@link #maxArrayItems()} (default 512). */
  public static final String MAX_OFFERED_SUITES = "cipherwatch.input.max-offered-suites";
  /** String fields holding identifiers (record keys, metric labels, alert ids): capped at {@link #maxIdChars()}. */
  public static final Set<String> ID_FIELDS = Set.of("eventId", "edgeId", "trunkId", "organizationId");
  /** 64 KiB records, 512 offered suites, 256-character ids. */
  public static final DecodeLimits DEFAULT = new DecodeLimits(64 * 1024, 512, 256);

  /** Checks the limits are positive. */
  public DecodeLimits {
    if (maxRecordBytes < 1 || maxArrayItems < 1 || maxIdChars < 1) {
      throw new IllegalArgumentException("Decode limits must be positive: " + maxRecordBytes + ", "
          + maxArrayItems + ", " + maxIdChars);
    }
  }

  /** The limits set in a serde configuration map ({@link #MAX_RECORD_BYTES}, {@link #MAX_OFFERED_SUITES}), else the defaults. */
  public static DecodeLimits from(Map<String, ?> configs) {
    return new DecodeLimits(positive(configs, MAX_RECORD_BYTES, DEFAULT.maxRecordBytes),
        positive(configs, MAX_OFFERED_SUITES, DEFAULT.maxArrayItems), DEFAULT.maxIdChars);
  }

  private static int positive(Map<String, ?> configs, String key, int dflt) {
    Object v = configs.get(key);
    if (v == null || v.toString().isBlank()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.toString().trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(key, v, "must be a positive whole number");
  }
}
