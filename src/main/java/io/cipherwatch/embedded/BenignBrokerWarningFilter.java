package io.cipherwatch.embedded;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Logback turbo filter that drops the two WARN lines an in-process KRaft broker prints on every
 * start and stop although nothing is wrong: the controller's "Performing controller activation"
 * notice and the broker-to-controller channel's "Attempting to close NetworkClient that has already
 * been closed". Every other event passes untouched, including the same warnings from client code.
 * Registered in {@code logback.xml}.
 */
public final class BenignBrokerWarningFilter extends TurboFilter {

  static final String CONTROLLER_LOGGER = "org.apache.kafka.controller.QuorumController";
  static final String NETWORK_CLIENT_LOGGER = "org.apache.kafka.clients.NetworkClient";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
      Throwable t) {
    if (level != Level.WARN || format == null || logger == null) {
      return FilterReply.NEUTRAL;
    }
    String name = logger.getName();
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
