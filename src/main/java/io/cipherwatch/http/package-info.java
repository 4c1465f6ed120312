/**
 * The two HTTP listeners: management ({@code /health}, {@code /ready}, {@code /metrics}) and the API
 * ({@code /api}: interactive queries routed to the owning instance, authentication, TLS). May depend on
 * {@code config}, {@code security}, {@code health}, {@code metrics}, {@code topology} (store names and keys) and the
 * data packages below them.
 */
package io.cipherwatch.http;
