package dev.textback.webhook;

import dev.textback.TextBackException;

/** A webhook whose signature is missing or wrong. Maps to HTTP 403; nothing reaches the engine. */
public class WebhookVerificationException extends TextBackException {
  public WebhookVerificationException(String message) {
    super(message);
  }
}
