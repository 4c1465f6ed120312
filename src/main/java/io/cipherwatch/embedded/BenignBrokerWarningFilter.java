package io.cipherwatch.embedded;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Logback appender filter that drops the lines an in-process KRaft broker prints although nothing is wrong:
 * on every start and stop, the controller's "Performing controller activation" notice and the
 * broker-to-controller channel's "Attempting to close NetworkClient that has already been closed" (WARN); and
 * under exactly-once, the replica manager's ERROR with an {@code OutOfOrderSequenceException} "Expected sequence
 * 0 for transactions v2 idempotent producer with no existing state", a retriable answer the producer retries
 * (KAFKA-18202). Every other event passes untouched, including the same messages from client code.
 * Registered on the appender in {@code logback.xml} (not as a turbo filter, which would run on every
 * level check of the Kafka clients' hot paths).
 */
public final class BenignBrokerWarningFilter extends Filter<ILoggingEvent> {

  static final String CONTROLLER_LOGGER = "org.apache.kafka.controller.QuorumController";
  static final String NETWORK_CLIENT_LOGGER = "org.apache.kafka.clients.NetworkClient";
  static final String REPLICA_MANAGER_LOGGER = "kafka.server.ReplicaManager";
  static final String OUT_OF_ORDER_SEQUENCE = "org.apache.kafka.common.errors.OutOfOrderSequenceException";
  static final String NO_PRODUCER_STATE = "for transactions v2 idempotent producer with no existing state";

  @Override
  public FilterReply decide(ILoggingEvent event) {
    String format = event.getMessage();
    if (format == null) {
      return FilterReply.NEUTRAL;
    }
    if (event.getLevel() == Level.ERROR) {
      IThrowableProxy t = event.getThrowableProxy();
      return event.getLoggerName().equals(REPLICA_MANAGER_LOGGER) && t != null
          && OUT_OF_ORDER_SEQUENCE.equals(t.getClassName()) && t.getMessage() != null
          && t.getMessage().contains(NO_PRODUCER_STATE) ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
    if (event.getLevel() != Level.WARN) {
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
