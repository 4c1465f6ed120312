/**
 * TLS records and handshake messages from a reassembled stream: ClientHello, ServerHello (HelloRetryRequest
 * told apart), alerts, and each handshake's outcome. May depend on {@code capture.tcp} only.
 */
package io.cipherwatch.capture.tls;
