package io.cipherwatch.topology;

/** A record produced by the window-and-alert step, routed to its topic by kind. Immutable. */
record Output(Kind kind, Object payload) {
  enum Kind { USAGE, ALERT, FLEET, DEAD_LETTER }
}
