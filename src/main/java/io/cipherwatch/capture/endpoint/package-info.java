/**
 * Direction and trunk from addresses: the platform's edge listeners ({@code --edge}) and the trunk table
 * ({@code --trunks}), most specific match first. May depend on {@code capture.net} only.
 */
package io.cipherwatch.capture.endpoint;
