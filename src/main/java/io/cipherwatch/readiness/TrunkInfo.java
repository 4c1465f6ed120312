package io.cipherwatch.readiness;

import io.cipherwatch.avro.TrunkMetadata;

/**
 * What readiness needs to know of a trunk to group and notify: its organization, names and contact.
 *
 * @param organizationId the owning organization, null when unknown
 * @param organizationName the organization's name, null when unknown
 * @param trunkName the trunk's name, null when unknown
 * @param contact where notifications go, null when unknown
 */
public record TrunkInfo(String organizationId, String organizationName, String trunkName, String contact) {
  /** A trunk without metadata. */
  public static final TrunkInfo UNKNOWN = new TrunkInfo(null, null, null, null);

  /** The readiness view of trunk metadata (blank values are unknown); {@link #UNKNOWN} for null. */
  public static TrunkInfo of(TrunkMetadata m) {
    if (m == null) {
      return UNKNOWN;
    }
    return new TrunkInfo(blankToNull(m.getOrganizationId()), blankToNull(m.getOrganizationName()),
        blankToNull(m.getTrunkName()), blankToNull(m.getContact()));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
