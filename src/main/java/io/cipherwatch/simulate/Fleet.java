package io.cipherwatch.simulate;

import io.cipherwatch.avro.TrunkMetadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A generated fleet: organizations, trunks, their plans and the per-trunk strings the hot path copies
 * into events. Built once from a spec and a seed with its own random stream, so the fleet does not
 * depend on how many events are drawn afterwards.
 */
final class Fleet {

  private static final String[] ORG_PREFIXES = {
    "Northwind", "Contoso", "Fabrikam", "Tailspin", "Wingtip", "Litware", "Adventure", "Alpine",
    "Blue Harbor", "Cedar", "Summit", "Riverbend", "Lakeshore", "Granite", "Harborview", "Meridian",
    "Pinecrest", "Silverline", "Brightwater", "Redwood", "Ironbridge", "Oakridge", "Clearpath",
    "Evergreen", "Highland", "Keystone", "Lighthouse", "Maple", "Northstar", "Pacific", "Prairie",
    "Quarry", "Sterling", "Stonegate", "Sunrise", "Trinity", "Union", "Vantage", "Westfield", "Willow"
  };
  private static final String[] ORG_CORES = {
    "Health", "Insurance", "Bank", "Energy", "Logistics", "Telecom", "Retail", "Airlines", "Travel",
    "Utilities", "Credit Union", "Mutual", "Motors", "Pharma", "Hospitality", "Realty", "Wireless",
    "Foods", "Media", "Financial"
  };
  private static final String[] ORG_SUFFIXES = {
    "", " Group", " Inc.", " Ltd", " Holdings", " Partners", " Co.", " Services"
  };
  private static final String[] CONTACT_MAILBOXES = {
    "noc", "noc", "noc", "voice-ops", "telecom", "it-network", "uc-admin"
  };
  private static final double CONTACT_UNKNOWN = 0.12;

  private static final String[] PURPOSES = {
    "Contact Center", "Main", "Outbound Dialer", "Support", "Sales", "Backup", "Branch"
  };
  private static final double[] PURPOSE_SHARE = {0.30, 0.20, 0.12, 0.14, 0.08, 0.08, 0.08};
  private static final double[] PURPOSE_INBOUND = {0.72, 0.50, 0.12, 0.80, 0.45, 0.50, 0.55};

  private static final double PREMISE_SHARE = 0.15;
  private static final double HOME_REGION_SHARE = 0.8;
  private static final double PRIMARY_CARRIER_SHARE = 0.7;
  private static final double ORG_SIZE_EXPONENT = 0.8;
  private static final double PARETO_ALPHA = 1.3;
  private static final double MAX_WEIGHT = 300;
  private static final String[] TEST_NETS = {"192.0.2.", "198.51.100.", "203.0.113."};

  private static final TlsProfile[] CLEAN_PROFILES =
      {TlsProfile.MODERN_AEAD, TlsProfile.CUBE_STRICT, TlsProfile.GREASE_BORINGSSL};
  private static final TlsProfile[] HYGIENE_PROFILES =
      {TlsProfile.OPENSSL3_DEFAULT, TlsProfile.SBC_VENDOR_DEFAULT, TlsProfile.CUBE_DEFAULT};
  private static final TlsProfile[] PREFERS_PROFILES =
      {TlsProfile.PREFERS_C028, TlsProfile.PREFERS_003D, TlsProfile.LEGACY_CBC};
  private static final TlsProfile[] LEGACY_ONLY_PROFILES =
      {TlsProfile.LEGACY_003D_ONLY, TlsProfile.LEGACY_C028_ONLY};
  private static final TlsProfile[] QUIRK_PROFILES =
      {TlsProfile.QUIRK_SERVER_C028, TlsProfile.QUIRK_SERVER_003D};
  /** Old secondary SBCs: deprecated-only, prefers-deprecated, or nothing in common (failures). */
  private static final TlsProfile[] SECONDARY_PROFILES = {TlsProfile.LEGACY_003D_ONLY,
      TlsProfile.LEGACY_C028_ONLY, TlsProfile.PREFERS_C028, TlsProfile.LEGACY_CBC, TlsProfile.LEGACY_NO_COMMON};

  final List<TrunkMetadata> trunks;
  final List<TrunkPlan> plans;
  final int[] region;
  final String[] edgeA;
  final String[] edgeB;
  final String[] addressInbound;
  final String[] addressOutbound;
  final String[] addressSecondary;
  final String[] agentInbound;
  final String[] agentOutbound;
  final String[] agentSecondary;
  final String[] sni;

  Fleet(FleetSpec spec, long seed) {
    Rng rng = new Rng(Rng.mix(seed ^ 0x5DEECE66DL));
    int n = spec.trunks();
    int orgs = spec.organizations();
    region = new int[n];
    edgeA = new String[n];
    edgeB = new String[n];
    addressInbound = new String[n];
    addressOutbound = new String[n];
    addressSecondary = new String[n];
    agentInbound = new String[n];
    agentOutbound = new String[n];
    agentSecondary = new String[n];
    sni = new String[n];

    // Organizations: unique names, a home region and carrier, a contact, a size (heavy-tailed).
    int combos = ORG_PREFIXES.length * ORG_CORES.length * ORG_SUFFIXES.length;
    int[] nameOrder = Draws.permutation(rng, combos);
    String[] orgId = new String[orgs];
    String[] orgName = new String[orgs];
    String[] orgBrand = new String[orgs];
    String[] orgSlug = new String[orgs];
    String[] orgContact = new String[orgs];
    int[] orgHome = new int[orgs];
    String[] orgCarrier = new String[orgs];
    for (int o = 0; o < orgs; o++) {
      int combo = nameOrder[o % combos];
      int cycle = o / combos;
      String prefix = ORG_PREFIXES[combo % ORG_PREFIXES.length];
      String core = ORG_CORES[(combo / ORG_PREFIXES.length) % ORG_CORES.length];
      String suffix = ORG_SUFFIXES[combo / (ORG_PREFIXES.length * ORG_CORES.length)];
      String number = cycle == 0 ? "" : " " + (cycle + 1);
      orgBrand[o] = prefix + " " + core + number;
      orgName[o] = orgBrand[o] + suffix;
      orgSlug[o] = slug(orgName[o]);
      orgId[o] = rng.nextUuid();
      orgHome[o] = Draws.pick(rng, Regions.HOME_SHARE);
      String[] carriers = Regions.CARRIERS[orgHome[o]];
      orgCarrier[o] = carriers[Draws.pickRanked(rng, carriers.length)];
      orgContact[o] = rng.nextDouble() < CONTACT_UNKNOWN ? null
          : CONTACT_MAILBOXES[rng.nextInt(CONTACT_MAILBOXES.length)] + "@" + orgSlug[o] + ".example";
    }
    int[] orgTrunks = orgSizes(rng, n, orgs);
    String[] orgTier = tiers(orgTrunks);

    // Trunks, organization by organization.
    String[] trunkId = new String[n];
    String[] trunkName = new String[n];
    String[] carrier = new String[n];
    String[] trunkType = new String[n];
    int[] orgOf = new int[n];
    double[] weight = new double[n];
    double[] inboundShare = new double[n];
    String[][] edges = edgeNames();
    int t = 0;
    for (int o = 0; o < orgs; o++) {
      for (int k = 1; k <= orgTrunks[o]; k++, t++) {
        orgOf[t] = o;
        int r = rng.nextDouble() < HOME_REGION_SHARE ? orgHome[o] : Draws.pick(rng, Regions.HOME_SHARE);
        region[t] = r;
        String[] carriers = Regions.CARRIERS[r];
        carrier[t] = r == orgHome[o] && rng.nextDouble() < PRIMARY_CARRIER_SHARE
            ? orgCarrier[o] : carriers[Draws.pickRanked(rng, carriers.length)];
        boolean premise = rng.nextDouble() < PREMISE_SHARE;
        trunkType[t] = premise ? "BYOC_PREMISE" : "BYOC_CLOUD";
        int purpose = Draws.pick(rng, PURPOSE_SHARE);
        trunkName[t] = orgBrand[o] + " " + PURPOSES[purpose] + " " + k + " - " + carrier[t];
        trunkId[t] = rng.nextUuid();
        double tierFactor = switch (orgTier[o]) {
          case "enterprise" -> 3.0;
          case "midmarket" -> 1.5;
          default -> 1.0;
        };
        weight[t] = Math.min(MAX_WEIGHT, StrictMath.pow(1.0 - rng.nextDouble(), -1.0 / PARETO_ALPHA)) * tierFactor;
        inboundShare[t] = Math.max(0.02, Math.min(0.98, PURPOSE_INBOUND[purpose] + 0.1 * (rng.nextDouble() - 0.5)));
        int edge = rng.nextInt(Regions.EDGES_PER_REGION);
        edgeA[t] = edges[r][edge];
        edgeB[t] = edges[r][(edge + 1) % Regions.EDGES_PER_REGION];
        sni[t] = premise ? "sbc" + (1 + rng.nextInt(2)) + "." + orgSlug[o] + ".example"
            : orgSlug[o] + ".sip." + slug(carrier[t]).replace("-", "") + ".example";
      }
    }

    // Scenarios and profiles.
    Scenario[] scenario = assignScenarios(spec, weight);
    TlsProfile[] inbound = new TlsProfile[n];
    TlsProfile[] outbound = new TlsProfile[n];
    TlsProfile[] secondary = new TlsProfile[n];
    String[] vendor = new String[n];
    for (int i = 0; i < n; i++) {
      switch (scenario[i]) {
        case CLEAN -> inbound[i] = outbound[i] = Draws.any(rng, CLEAN_PROFILES);
        case HYGIENE -> inbound[i] = outbound[i] = Draws.any(rng, HYGIENE_PROFILES);
        case PREFERS_DEPRECATED -> inbound[i] = outbound[i] = Draws.any(rng, PREFERS_PROFILES);
        case DEPRECATED_ONLY -> {
          TlsProfile legacy = Draws.any(rng, LEGACY_ONLY_PROFILES);
          double directions = rng.nextDouble();
          inbound[i] = directions < 0.75 ? legacy : Draws.any(rng, CLEAN_PROFILES);
          outbound[i] = directions < 0.5 || directions >= 0.75 ? legacy : Draws.any(rng, CLEAN_PROFILES);
        }
        case SERVER_PREFERENCE -> inbound[i] = outbound[i] = Draws.any(rng, QUIRK_PROFILES);
        case FAILOVER -> {
          inbound[i] = outbound[i] = Draws.any(rng, CLEAN_PROFILES);
          secondary[i] = Draws.any(rng, SECONDARY_PROFILES);
        }
      }
      int agent = rng.nextInt(inbound[i].agentCount());
      vendor[i] = inbound[i].vendor(agent);
      agentInbound[i] = inbound[i].userAgent(agent);
      addressInbound[i] = address(rng);
      if (outbound[i] == inbound[i]) {
        agentOutbound[i] = agentInbound[i];
        addressOutbound[i] = addressInbound[i];
      } else {
        agentOutbound[i] = outbound[i].userAgent(rng.nextInt(outbound[i].agentCount()));
        addressOutbound[i] = address(rng);
      }
      if (secondary[i] != null) {
        agentSecondary[i] = secondary[i].userAgent(rng.nextInt(secondary[i].agentCount()));
        addressSecondary[i] = address(rng);
      }
    }

    // Remediation of a share of the non-clean trunks, at a random time inside the span.
    long[] fixedAt = new long[n];
    Arrays.fill(fixedAt, TrunkPlan.NEVER);
    int[] atRisk = new int[n];
    int atRiskCount = 0;
    for (int i = 0; i < n; i++) {
      if (scenario[i] != Scenario.CLEAN) {
        atRisk[atRiskCount++] = i;
      }
    }
    Draws.shuffle(rng, atRisk, atRiskCount);
    int fixes = (int) Math.round(spec.remediatedShare() * atRiskCount);
    for (int j = 0; j < fixes; j++) {
      fixedAt[atRisk[j]] = spec.startMillis() + (long) (spec.spanMillis() * (0.05 + 0.9 * rng.nextDouble()));
    }

    // Plans (with failover stretches) and metadata.
    List<TrunkPlan> planList = new ArrayList<>(n);
    List<TrunkMetadata> metadata = new ArrayList<>(n);
    long[] none = new long[0];
    for (int i = 0; i < n; i++) {
      long[] begin = none;
      long[] end = none;
      if (scenario[i] == Scenario.FAILOVER && spec.failoverTimeShare() > 0) {
        int stretches = 1 + rng.nextInt(3);
        begin = new long[stretches];
        end = new long[stretches];
        long sector = spec.spanMillis() / stretches;
        double mean = spec.failoverTimeShare() * spec.spanMillis() / stretches;
        for (int s = 0; s < stretches; s++) {
          long length = (long) Math.min(sector, Math.max(Math.min(60_000, sector), mean * (0.5 + rng.nextDouble())));
          begin[s] = s * sector + (long) ((sector - length) * rng.nextDouble());
          end[s] = begin[s] + length;
        }
      }
      planList.add(new TrunkPlan(trunkId[i], scenario[i], inbound[i], outbound[i], secondary[i], fixedAt[i],
          weight[i], inboundShare[i], spec.startMillis(), spec.spanMillis(), begin, end));
      int o = orgOf[i];
      metadata.add(new TrunkMetadata(trunkId[i], trunkName[i], orgId[o], orgName[o], trunkType[i], carrier[i],
          Regions.NAMES[region[i]], orgContact[o], labels(orgTier[o], vendor[i])));
    }
    plans = Collections.unmodifiableList(planList);
    trunks = Collections.unmodifiableList(metadata);
  }

  /** Labels in a fixed order (Map.of iterates in a per-JVM order, which would change serialized bytes). */
  private static Map<String, String> labels(String tier, String sbcVendor) {
    Map<String, String> labels = new LinkedHashMap<>(4);
    labels.put("tier", tier);
    labels.put("sbcVendor", sbcVendor);
    return Collections.unmodifiableMap(labels);
  }

  /** Trunks per organization: one each, the rest spread by a Zipf-like law (a few big ones). */
  private static int[] orgSizes(Rng rng, int trunks, int orgs) {
    int[] size = new int[orgs];
    Arrays.fill(size, 1);
    double[] cumulative = new double[orgs];
    double sum = 0;
    for (int o = 0; o < orgs; o++) {
      sum += StrictMath.pow(o + 1, -ORG_SIZE_EXPONENT);
      cumulative[o] = sum;
    }
    for (int i = orgs; i < trunks; i++) {
      int found = Arrays.binarySearch(cumulative, rng.nextDouble() * sum);
      size[Math.min(orgs - 1, found >= 0 ? found + 1 : -found - 1)]++;
    }
    return size;
  }

  /** Top 10% of organizations by trunk count are enterprise, the next 30% midmarket, the rest smb. */
  private static String[] tiers(int[] orgTrunks) {
    int orgs = orgTrunks.length;
    Integer[] order = new Integer[orgs];
    for (int o = 0; o < orgs; o++) {
      order[o] = o;
    }
    Arrays.sort(order, (a, b) -> orgTrunks[a] != orgTrunks[b] ? Integer.compare(orgTrunks[b], orgTrunks[a])
        : Integer.compare(a, b));
    String[] tier = new String[orgs];
    for (int rank = 0; rank < orgs; rank++) {
      tier[order[rank]] = rank < Math.max(1, orgs / 10) ? "enterprise" : rank < orgs * 4 / 10 ? "midmarket" : "smb";
    }
    return tier;
  }

  /**
   * Scenario of each trunk. Trunk counts follow the shares exactly (largest remainder); trunks are dealt
   * in descending traffic weight, each to the scenario furthest below its share of the weight dealt so
   * far, so that the traffic-weighted mix matches the trunk mix despite the heavy-tailed weights.
   */
  private static Scenario[] assignScenarios(FleetSpec spec, double[] weight) {
    Scenario[] all = Scenario.values();
    int n = weight.length;
    int[] quota = new int[all.length];
    double[] remainder = new double[all.length];
    int dealt = 0;
    for (int s = 0; s < all.length; s++) {
      double exact = spec.share(all[s]) * n;
      quota[s] = (int) Math.floor(exact);
      remainder[s] = exact - quota[s];
      dealt += quota[s];
    }
    for (; dealt < n; dealt++) {
      int best = 0;
      for (int s = 1; s < all.length; s++) {
        if (remainder[s] > remainder[best]) {
          best = s;
        }
      }
      quota[best]++;
      remainder[best] = -1;
    }
    Integer[] byWeight = new Integer[n];
    for (int i = 0; i < n; i++) {
      byWeight[i] = i;
    }
    Arrays.sort(byWeight, (a, b) -> weight[a] != weight[b] ? Double.compare(weight[b], weight[a])
        : Integer.compare(a, b));
    double[] assigned = new double[all.length];
    double total = 0;
    Scenario[] scenario = new Scenario[n];
    for (int trunk : byWeight) {
      total += weight[trunk];
      int best = -1;
      double bestDeficit = Double.NEGATIVE_INFINITY;
      for (int s = 0; s < all.length; s++) {
        double deficit = spec.share(all[s]) * total - assigned[s];
        if (quota[s] > 0 && deficit > bestDeficit) {
          best = s;
          bestDeficit = deficit;
        }
      }
      scenario[trunk] = all[best];
      quota[best]--;
      assigned[best] += weight[trunk];
    }
    return scenario;
  }

  private static String[][] edgeNames() {
    String[][] edges = new String[Regions.NAMES.length][Regions.EDGES_PER_REGION];
    for (int r = 0; r < edges.length; r++) {
      for (int e = 0; e < Regions.EDGES_PER_REGION; e++) {
        edges[r][e] = "edge-" + Regions.NAMES[r] + "-0" + (e + 1);
      }
    }
    return edges;
  }

  /** A documentation address (RFC 5737 TEST-NET-1/2/3) as a string; nothing ever connects to it. */
  private static String address(Rng rng) {
    return TEST_NETS[rng.nextInt(TEST_NETS.length)] + (1 + rng.nextInt(254));
  }

  /** Lower-case DNS label: letters and digits kept, every other run of characters becomes one '-'. */
  private static String slug(String text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean dash = false;
    for (int i = 0; i < text.length(); i++) {
      char c = Character.toLowerCase(text.charAt(i));
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        if (dash && out.length() > 0) {
          out.append('-');
        }
        out.append(c);
        dash = false;
      } else {
        dash = true;
      }
    }
    return out.toString();
  }
}
