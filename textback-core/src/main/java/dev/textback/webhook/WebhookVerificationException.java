package dev.textback.webhook;

import org.jspecify.annotations.Nullable;
import dev.textback.TextBackException;
import java.util.Optional;

/** A webhook whose signature is missing or wrong. Maps to HTTP 403; nothing reaches the engine. */
public class WebhookVerificationException extends TextBackException {
  private final @Nullable String checkedUrl;

  public WebhookVerificationException(String message) {
    this(message, null);
  }

  /**
   * @param checkedUrl the URL the signature was checked against, or null when the scheme does not sign the
   *     URL; reported (without its query) when a refusal is logged, since a proxy that changes the scheme,
   *     host or port is the usual cause
   */
  public WebhookVerificationException(String message, @Nullable String checkedUrl) {
    super(message);
    this.checkedUrl = checkedUrl;
  }

  /** The URL the signature was checked against, when the scheme signs one. */
  public Optional<String> checkedUrl() {
    return Optional.ofNullable(checkedUrl);
  }
}
