package io.cipherwatch.simulate;

/** The platform regions of the simulated fleet, their local time and the carriers serving them. */
final class Regions {

  static final String[] NAMES = {
    "us-east-1", "us-west-2", "eu-west-1", "eu-central-1",
    "ap-southeast-2", "ap-northeast-1", "ca-central-1", "sa-east-1"
  };

  /** Standard-time UTC offset of each region's main business area (daylight saving ignored). */
  static final int[] UTC_OFFSET_MINUTES = {-300, -480, 0, 60, 600, 540, -300, -180};

  /** Share of organizations homed in each region. */
  static final double[] HOME_SHARE = {0.30, 0.15, 0.14, 0.11, 0.09, 0.07, 0.08, 0.06};

  /** Carriers offering BYOC trunks in each region, most common first. */
  static final String[][] CARRIERS = {
    {"Lumen", "Bandwidth", "Verizon", "AT&T", "Twilio", "Vonage", "Sinch"},
    {"Bandwidth", "Lumen", "AT&T", "Verizon", "Twilio", "Vonage", "Sinch"},
    {"BT", "Colt", "Twilio", "Vonage", "Sinch"},
    {"Colt", "BT", "Sinch", "Twilio", "Vonage"},
    {"Telstra", "Twilio", "Vonage", "Sinch"},
    {"Colt", "Twilio", "Sinch", "Vonage"},
    {"Bandwidth", "Lumen", "Twilio", "Vonage", "Sinch"},
    {"Lumen", "Twilio", "Sinch", "Vonage"}
  };

  /** Platform edge instances per region: edge-&lt;region&gt;-01 .. -04. */
  static final int EDGES_PER_REGION = 4;

  private Regions() {}
}
