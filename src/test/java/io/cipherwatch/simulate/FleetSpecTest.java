package io.cipherwatch.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FleetSpecTest {

  @Test
  void defaultsAddUpAndScaleOrganizations() {
    FleetSpec spec = FleetSpec.defaults(300, 0, 3_600_000);
    double sum = 0;
    for (Scenario s : Scenario.values()) {
      sum += spec.share(s);
    }
    assertEquals(1.0, sum, 1e-12);
    assertEquals(0.55, spec.share(Scenario.CLEAN), 1e-12);
    assertTrue(spec.organizations() >= 24 && spec.organizations() <= 60, "dozens of orgs: " + spec.organizations());
    assertEquals(1, FleetSpec.defaults(1, 0, 1).organizations());
    assertEquals(0.0, spec.withFaultRate(0).faultRate());
  }

  @Test
  void sharesAreRelativeWeights() {
    FleetSpec spec = new FleetSpec(10, 2, 2, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1);
    assertEquals(0.5, spec.share(Scenario.CLEAN), 1e-12);
    assertEquals(0.5, spec.share(Scenario.DEPRECATED_ONLY), 1e-12);
    assertEquals(0.0, spec.share(Scenario.FAILOVER), 1e-12);
  }

  @Test
  void rejectsNonsenseWithTheFieldName() {
    assertMessage("trunks", () -> FleetSpec.defaults(0, 0, 1));
    assertMessage("organizations", () -> new FleetSpec(5, 6, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1));
    assertMessage("hygieneShare", () -> new FleetSpec(5, 1, 1, -0.1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1));
    assertMessage("scenario share", () -> new FleetSpec(5, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1));
    assertMessage("faultRate", () -> new FleetSpec(5, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1.5, 0, 0, 1));
    assertMessage("failureRate", () -> new FleetSpec(5, 1, 1, 0, 0, 0, 0, 0, 0, Double.NaN, 0, 0, 0, 1));
    assertMessage("spanMillis", () -> FleetSpec.defaults(5, 0, 0));
  }

  private static void assertMessage(String expected, Runnable action) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
