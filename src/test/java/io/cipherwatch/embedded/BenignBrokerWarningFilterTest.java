package io.cipherwatch.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.Test;

class BenignBrokerWarningFilterTest {

  private final LoggerContext context = new LoggerContext();
  private final BenignBrokerWarningFilter filter = new BenignBrokerWarningFilter();
  private final Logger controller = context.getLogger(BenignBrokerWarningFilter.CONTROLLER_LOGGER);
  private final Logger network = context.getLogger(BenignBrokerWarningFilter.NETWORK_CLIENT_LOGGER);

  @Test
  void dropsControllerActivationNotice() {
    assertEquals(FilterReply.DENY, decide(controller, Level.WARN, "[QuorumController id=1] Performing controller "
        + "activation. The metadata log appears to be empty. Appending 6 bootstrap record(s)."));
  }

  @Test
  void dropsBrokerChannelDoubleClose() {
    assertEquals(FilterReply.DENY, decide(network, Level.WARN, "[NodeToControllerChannelManager id=1 "
        + "name=registration] Attempting to close NetworkClient that has already been closed."));
  }

  @Test
  void keepsEverythingElse() {
    assertEquals(FilterReply.NEUTRAL, decide(network, Level.WARN, "[Producer clientId=p1] Attempting to close "
        + "NetworkClient that has already been closed."));
    assertEquals(FilterReply.NEUTRAL, decide(network, Level.WARN, "[NodeToControllerChannelManager id=1 "
        + "name=registration] Connection to node 1 could not be established."));
    assertEquals(FilterReply.NEUTRAL, decide(controller, Level.ERROR, "[QuorumController id=1] Performing "
        + "controller activation."));
    assertEquals(FilterReply.NEUTRAL, decide(controller, Level.WARN, "[QuorumController id=1] Renouncing."));
    assertEquals(FilterReply.NEUTRAL, decide(context.getLogger("io.cipherwatch.Other"), Level.WARN,
        "Performing controller activation."));
  }

  @Test
  void dropsOnlyTheRetriedTransactionsV2SequenceError() {
    Logger replicas = context.getLogger(BenignBrokerWarningFilter.REPLICA_MANAGER_LOGGER);
    String append = "[ReplicaManager broker=1] Error processing append operation on partition p-1";
    OutOfOrderSequenceException retried = new OutOfOrderSequenceException("Invalid sequence number for producer 3"
        + " at offset 1025 in partition p-1: 1940 (incoming seq. number). Expected sequence 0 for transactions v2"
        + " idempotent producer with no existing state.");
    assertEquals(FilterReply.DENY, decide(replicas, Level.ERROR, append, retried));
    OutOfOrderSequenceException other = new OutOfOrderSequenceException("Out of order sequence number for producer"
        + " 3 at offset 10 in partition p-1: 7 (incoming seq. number), 5 (current end sequence number)");
    assertEquals(FilterReply.NEUTRAL, decide(replicas, Level.ERROR, append, other));
    assertEquals(FilterReply.NEUTRAL, decide(replicas, Level.ERROR, append, new IllegalStateException(
        retried.getMessage())));
    assertEquals(FilterReply.NEUTRAL, decide(network, Level.ERROR, append, retried));
    assertEquals(FilterReply.NEUTRAL, decide(replicas, Level.ERROR, append, null));
  }

  private FilterReply decide(Logger logger, Level level, String message, Throwable t) {
    return filter.decide(new LoggingEvent(Logger.class.getName(), logger, level, message, t, null));
  }

  private FilterReply decide(Logger logger, Level level, String message) {
    return filter.decide(new LoggingEvent(Logger.class.getName(), logger, level, message, null, null));
  }
}
