package io.cipherwatch.policy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conversion between the Avro {@code CipherPolicy} record and {@link ActivePolicy}, with validation. */
public final class PolicyRecords {
  /** The one key of the compacted {@code cipher-policy} topic. */
  public static final String KEY = "policy";

  private PolicyRecords() {}

  /**
   * The policy a record describes.
   *
   * @throws IllegalArgumentException saying what is wrong with it (a code out of range, an empty supported set,
   *     a version below 1)
   */
  public static ActivePolicy fromAvro(io.cipherwatch.avro.CipherPolicy r) {
    if (r.getVersion() < 1) {
      throw new IllegalArgumentException("a published policy needs a version of at least 1 (0 is the configured"
          + " default), got " + r.getVersion());
    }
    Map<String, int[]> sets = new LinkedHashMap<>();
    r.getCandidateSets().forEach((k, v) -> sets.put(k, codes("candidate set " + k, v)));
    return new ActivePolicy(r.getVersion(),
        new CipherPolicy(codes("deprecated", r.getDeprecated()), codes("supported", r.getSupported())),
        r.getPlannedRemovalDate(), sets);
  }

  /** The record for a policy. */
  public static io.cipherwatch.avro.CipherPolicy toAvro(ActivePolicy p, String updatedBy) {
    Map<String, List<Integer>> sets = new LinkedHashMap<>();
    p.candidateSets().forEach((k, v) -> sets.put(k, list(v)));
    LocalDate date = p.plannedRemovalDate();
    return io.cipherwatch.avro.CipherPolicy.newBuilder().setVersion(p.version())
        .setDeprecated(list(p.rules().deprecatedCodes())).setSupported(list(p.rules().supportedCodes()))
        .setPlannedRemovalDate(date).setCandidateSets(sets).setUpdatedBy(updatedBy).build();
  }

  private static int[] codes(String what, List<Integer> in) {
    int[] out = new int[in.size()];
    for (int i = 0; i < out.length; i++) {
      Integer c = in.get(i);
      if (c == null || c < 0 || c > 0xFFFF) {
        throw new IllegalArgumentException("policy " + what + ": code " + c + " is outside 0..0xFFFF");
      }
      out[i] = c;
    }
    return out;
  }

  private static List<Integer> list(int[] codes) {
    List<Integer> out = new ArrayList<>(codes.length);
    for (int c : codes) {
      out.add(c);
    }
    return out;
  }
}
