package io.cipherwatch.readiness;

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
}
