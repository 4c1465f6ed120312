package io.cipherwatch.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
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

  private FilterReply decide(Logger logger, Level level, String message) {
    return filter.decide(new LoggingEvent(Logger.class.getName(), logger, level, message, null, null));
  }
}
