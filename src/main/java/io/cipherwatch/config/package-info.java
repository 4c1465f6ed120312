/**
 * The application configuration: the documented {@code cipherwatch.*} settings, Kafka keys passed through,
 * environment overrides, secrets from files. May depend on {@code security} only.
 */
package io.cipherwatch.config;
