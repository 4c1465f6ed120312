package io.cipherwatch.embedded;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Test support: runs {@link EmbeddedKafka} as its own process on a fixed data directory and fixed ports, so a test
 * can kill or stop the process and start it again on the same directory with clients keeping their bootstrap
 * address. Prints {@code READY <bootstrap>} on stdout once the broker answers; SIGTERM stops it gracefully.
 *
 * <p>Arguments: data directory, broker port, controller port.
 */
public final class FixedPortBrokerMain {
  private FixedPortBrokerMain() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: FixedPortBrokerMain DATA_DIR BROKER_PORT CONTROLLER_PORT");
      System.exit(2);
    }
    Path dir = Path.of(args[0]).toAbsolutePath().normalize();
    int[] ports = {Integer.parseInt(args[1]), Integer.parseInt(args[2])};
    EmbeddedKafka kafka = null;
    // The ports of a broker that was just stopped may still be held for a moment: retry for up to 30 s.
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (kafka == null) {
      try {
        kafka = EmbeddedKafka.launch(dir, false, () -> ports.clone(), null);
      } catch (IllegalStateException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        System.err.println("broker start failed, retrying: " + e.getMessage());
        Thread.sleep(1000);
      }
    }
    EmbeddedKafka running = kafka;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      running.close();
      stopped.countDown();
    }, "broker-stop"));
    System.out.println("READY " + running.bootstrapServers());
    System.out.flush();
    stopped.await();
  }
}
