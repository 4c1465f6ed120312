package io.cipherwatch.capture.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointTableTest {
  private static String match(EndpointTable<String> t, String ipPort) {
    AddressPattern p = AddressPattern.parse(ipPort);
    return t.match(p.hi(), p.lo(), p.port());
  }

  @Test
  void mostSpecificPatternWins(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("trunks.csv");
    Files.writeString(csv, "trunkId,remote\n"
        + "carrier-net,198.51.100.0/24\n"
        + "carrier-sbc,198.51.100.7\n"
        + "carrier-tls,198.51.100.0/24:5061\n"
        + "sbc-v6,[2001:db8::7]:5061\n"
        + "v6-net,2001:db8::/32\n"
        + "# a comment\n\n");
    EndpointTable<String> t = TrunkFile.read(csv);
    assertEquals("carrier-sbc", match(t, "198.51.100.7:5061"));
    assertEquals("carrier-tls", match(t, "198.51.100.8:5061"));
    assertEquals("carrier-net", match(t, "198.51.100.8:5060"));
    assertEquals("sbc-v6", match(t, "[2001:db8::7]:5061"));
    assertEquals("v6-net", match(t, "[2001:db8::7]:5062"));
    assertNull(match(t, "203.0.113.1:5061"));
    assertEquals("carrier-sbc", match(t, "[::ffff:c633:6407]:5061")); // IPv4-mapped IPv6 is the IPv4 address
  }

  @Test
  void badPatternsAndFilesSayWhatIsWrong(@TempDir Path dir) throws IOException {
    for (String bad : new String[] {"host.example", "10.0.0.1:99999", "10.0.0.0/33", "[2001:db8::1", "1.2.3.4:x",
        "abc"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AddressPattern.parse(bad));
      assertTrue(e.getMessage().startsWith("'" + bad + "' is not an ip, ip:port or CIDR address"), e.getMessage());
    }
    Path csv = dir.resolve("t.csv");
    Files.writeString(csv, "trunk,ip\n");
    assertThrows(IllegalArgumentException.class, () -> TrunkFile.read(csv));
    Files.writeString(csv, "trunkId,remote\nt1,10.0.0.1\nt2,10.0.0.1\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrunkFile.read(csv));
    assertTrue(e.getMessage().endsWith("line 3: the same remote is listed twice"), e.getMessage());
  }
}
