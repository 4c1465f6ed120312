package io.cipherwatch.http;

/** A request the API cannot answer as asked; the message (sent as the 400 body) says what is allowed. */
public final class BadRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BadRequestException(String message) {
    super(message);
  }
}
