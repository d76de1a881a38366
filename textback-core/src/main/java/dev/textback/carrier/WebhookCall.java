package dev.textback.carrier;

import org.jspecify.annotations.Nullable;
import dev.textback.webhook.MalformedWebhookException;
import dev.textback.webhook.WebhookRequest;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One verified webhook on its way through a {@link WebhookHandler}: the request, the route it arrived on, the
 * engine's time, its parameters, and the URLs of the adapter's other routes for callbacks the response names.
 * Not thread-safe; used on the request's thread only.
 */
public final class WebhookCall {
  private static final Pattern ORIGIN = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^/?#]*).*", Pattern.DOTALL);
  private static final String FORM = "application/x-www-form-urlencoded";

  private final WebhookRequest request;
  private final String route;
  private final Instant now;
  private final String base;
  private @Nullable WebhookParams params;
  private @Nullable WebhookParams query;

  WebhookCall(WebhookRequest request, String route, Instant now, @Nullable String configuredBase, String mountPath) {
    this.request = Objects.requireNonNull(request, "request == null");
    this.route = Objects.requireNonNull(route, "route == null");
    this.now = Objects.requireNonNull(now, "now == null");
    this.base = configuredBase != null ? configuredBase + mountPath : derivedBase(request, route, mountPath);
  }

  public WebhookRequest request() {
    return request;
  }

  /** The route this call arrived on, e.g. {@code voice/dial}. */
  public String route() {
    return route;
  }

  /** When the webhook arrived, by the engine's clock. */
  public Instant now() {
    return now;
  }

  /**
   * The carrier's parameters: the form body of a POST, or the query of any other method.
   *
   * @throws MalformedWebhookException when a POST body is not form-encoded or its encoding is broken
   */
  public WebhookParams params() {
    if (params == null) {
      if (!request.method().equals("POST")) {
        params = query();
      } else {
        String type = request.contentType();
        if (!type.isEmpty() && !type.equals(FORM)) {
          throw new MalformedWebhookException("expected an " + FORM + " body, got " + type);
        }
        params = WebhookParams.of(request.formParameters());
      }
    }
    return params;
  }

  /**
   * The query parameters of the URL called, where an adapter carries its own context through the callback
   * URLs it hands the carrier.
   *
   * @throws MalformedWebhookException when the query's encoding is broken
   */
  public WebhookParams query() {
    if (query == null) {
      // RFC 3986 §3.5: the fragment starts at the first '#', and a '?' after it is part of the fragment.
      String url = request.publicUrl();
      int hash = url.indexOf('#');
      if (hash >= 0) url = url.substring(0, hash);
      int q = url.indexOf('?');
      query = q < 0 ? WebhookParams.empty() : WebhookParams.of(WebhookRequest.parseForm(url.substring(q + 1)));
    }
    return query;
  }

  /**
   * The public URL of one of the adapter's routes, for callbacks named in a response: under the configured
   * public base URL, or else under wherever this request arrived.
   */
  public String routeUrl(String route) {
    return base + "/" + route;
  }

  /** Where the routes live, found by removing this route from the request's path when no base is configured. */
  private static String derivedBase(WebhookRequest request, String route, String mountPath) {
    String url = request.publicUrl().replaceFirst("[?#].*$", "");
    if (url.endsWith("/" + route)) return url.substring(0, url.length() - route.length() - 1);
    Matcher origin = ORIGIN.matcher(url);
    return (origin.matches() ? origin.group(1) : "") + mountPath;
  }
}
