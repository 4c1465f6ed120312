package io.cipherwatch.bench;

/** A bench phase failed: the run stops and reports no figures. The message names the phase and the reason. */
public final class BenchFailedException extends RuntimeException {
  private final String phase;

  BenchFailedException(String phase, Throwable cause) {
    super("bench phase '" + phase + "' failed: " + reason(cause), cause);
    this.phase = phase;
  }

  /** The phase that failed. */
  public String phase() {
    return phase;
  }

  private static String reason(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }
}
