package io.cipherwatch.config;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback pattern layout that passes every formatted line (message and stack trace) through
 * {@link Secrets#redact}, so no configured password, token or JAAS line reaches the log, whoever logs it.
 */
public final class RedactingPatternLayout extends PatternLayout {
  @Override
  public String doLayout(ILoggingEvent event) {
    return Secrets.redact(super.doLayout(event));
  }
}
