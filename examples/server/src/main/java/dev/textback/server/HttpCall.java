package dev.textback.server;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as the server's handlers see it, whichever HTTP server carried it. The front has already
 * read the whole body, within its size limit, so a handler never waits on a client.
 *
 * @param method the request method, e.g. {@code POST}
 * @param path the path, percent-decoded, for routing
 * @param rawPath the path exactly as the client sent it (what a carrier signed)
 * @param rawQuery the query string as sent, without {@code ?}; null when there was none
 * @param headers header values by lower-case name, in the order received
 * @param body the whole body; empty when there was none
 */
record HttpCall(String method, String path, String rawPath, String rawQuery, Map<String, List<String>> headers,
    byte[] body) {

  /** The first value of a header, by case-insensitive name. */
  Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** GET, or HEAD, which the front answers like GET without the body. */
  boolean isRead() {
    return method.equals("GET") || method.equals("HEAD");
  }
}
