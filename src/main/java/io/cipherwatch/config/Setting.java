package io.cipherwatch.config;

import java.util.Locale;

/**
 * One documented {@code cipherwatch.*} configuration key with its default.
 *
 * @param key the property name, e.g. {@code cipherwatch.usage.window.size}
 * @param defaultValue the value used when neither the file nor the environment sets it
 * @param doc one line for the README's configuration table
 */
public record Setting(String key, String defaultValue, String doc) {

  /** The environment variable overriding this key: upper case, {@code .} and {@code -} become {@code _}. */
  public String envName() {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
