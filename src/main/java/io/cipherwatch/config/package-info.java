/**
 * The application configuration: the documented {@code cipherwatch.*} settings, Kafka keys passed through,
 * environment overrides, secrets from files, and the typed values the checks parse ({@code UsageEmit}). May depend
 * on {@code security} only.
 */
package io.cipherwatch.config;
