package dev.textback.carrier;

import java.util.Objects;
import java.util.Optional;
import okhttp3.Headers;

/**
 * A carrier API's answer to one send: status, headers and the body (at most {@link CarrierHttp}'s limit).
 *
 * @param status HTTP status
 * @param body the response body as text, possibly cut at the limit; empty when there was none
 * @param headers response headers
 */
public record HttpReply(int status, String body, Headers headers) {
  public HttpReply {
    Objects.requireNonNull(body, "body == null");
    Objects.requireNonNull(headers, "headers == null");
  }

  /** A 2xx status. */
  public boolean successful() {
    return status >= 200 && status < 300;
  }

  /** The first value of a header, matched case-insensitively. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }
}
