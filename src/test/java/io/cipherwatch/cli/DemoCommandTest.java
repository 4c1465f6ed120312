package io.cipherwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DemoCommandTest {
  /** Runs the demo in-process; returns {exit code, stderr}. */
  private static Object[] demo(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    int rc;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      String[] all = new String[args.length + 1];
      all[0] = "demo";
      System.arraycopy(args, 0, all, 1, args.length);
      rc = Main.commandLine().execute(all);
    } finally {
      System.setErr(old);
    }
    return new Object[] {rc, err.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void portInUseIsAClearErrorWithExitCode2() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("0.0.0.0", 0));
      long begin = System.nanoTime();
      Object[] r = demo("--http-port", Integer.toString(taken.getLocalPort()), "--duration", "5s");
      assertEquals(2, r[0]);
      assertTrue(((String) r[1]).contains("Port " + taken.getLocalPort() + " is already in use"), (String) r[1]);
      assertTrue(System.nanoTime() - begin < 5_000_000_000L, "fails before starting the broker");
    }
  }

  @Test
  void managementPortInUseIsAClearErrorToo() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      Object[] r = demo("--http-port", "0", "--management-port", Integer.toString(taken.getLocalPort()),
          "--duration", "5s");
      assertEquals(2, r[0]);
      assertTrue(((String) r[1]).contains("pick another with --management-port"), (String) r[1]);
    }
  }

  @Test
  void badOptionsExitWith2() {
    assertEquals(2, demo("--trunks", "0")[0]);
    assertEquals(2, demo("--rate", "0")[0]);
    assertEquals(2, demo("--http-port", "70000")[0]);
    assertEquals(2, demo("--management-port", "-1")[0]);
    Object[] same = demo("--http-port", "9999", "--management-port", "9999");
    assertEquals(2, same[0]);
    assertTrue(((String) same[1]).contains("--management-port must differ from --http-port"), (String) same[1]);
    assertEquals(2, demo("--duration", "soon")[0]);
  }
}
