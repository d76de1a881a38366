package dev.textback.webhook;

import dev.textback.TextBackException;

/** A webhook that cannot be understood: missing or invalid fields, bad encoding. Maps to HTTP 400. */
public class MalformedWebhookException extends TextBackException {
  public MalformedWebhookException(String message) {
    super(message);
  }
}
