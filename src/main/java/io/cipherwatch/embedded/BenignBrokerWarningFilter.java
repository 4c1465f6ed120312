package io.cipherwatch.embedded;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Logback appender filter that drops the two WARN lines an in-process KRaft broker prints on every
 * start and stop although nothing is wrong: the controller's "Performing controller activation"
 * notice and the broker-to-controller channel's "Attempting to close NetworkClient that has already
 * been closed". Every other event passes untouched, including the same warnings from client code.
 * Registered on the appender in {@code logback.xml} (not as a turbo filter, which would run on every
 * level check of the Kafka clients' hot paths).
 */
public final class BenignBrokerWarningFilter extends Filter<ILoggingEvent> {

  static final String CONTROLLER_LOGGER = "org.apache.kafka.controller.QuorumController";
  static final String NETWORK_CLIENT_LOGGER = "org.apache.kafka.clients.NetworkClient";

  @Override
  public FilterReply decide(ILoggingEvent event) {
    String format = event.getMessage();
    if (event.getLevel() != Level.WARN || format == null) {
      return FilterReply.NEUTRAL;
    }
    String name = event.getLoggerName();
    if (name.equals(CONTROLLER_LOGGER) && format.contains("] Performing controller activation.")) {
      return FilterReply.DENY;
    }
    if (name.equals(NETWORK_CLIENT_LOGGER) && format.startsWith("[NodeToControllerChannelManager ")
        && format.contains("Attempting to close NetworkClient that has already been closed")) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}
