package dev.textback.carrier;

import org.jspecify.annotations.Nullable;
import dev.textback.phone.CarrierId;
import dev.textback.webhook.MalformedWebhookException;
import dev.textback.webhook.WebhookEndpoint;
import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookResponse;
import dev.textback.webhook.WebhookVerificationException;
import java.net.URI;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way every carrier's webhooks handle a request, so no adapter gets it wrong on its own:
 *
 * <ol>
 *   <li>a body over the size limit → 413, unread;
 *   <li>{@link WebhookVerifier} with the engine's clock → 403 on a missing or wrong signature, and nothing
 *       else happens (the refusal is logged with the URL the check used, and a hint when the request's
 *       {@code Host} or {@code X-Forwarded-*} headers differ from it);
 *   <li>the route's {@link WebhookHandler}: parse, map, engine, response → 400 with the reason when the
 *       payload cannot be understood;
 *   <li>any other failure (the store or engine) → the route's failure response: 503 by default so the
 *       carrier redelivers, or the carrier-specific body a route names (a voice route may need to keep the
 *       caller on a sensible path).
 * </ol>
 *
 * No exception escapes an endpoint. Immutable and thread-safe once built.
 */
public final class WebhookPipeline implements CarrierWebhooks {
  /** Default body limit: carriers' webhooks are a few kilobytes. */
  public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

  private static final Logger log = LoggerFactory.getLogger(WebhookPipeline.class);
  private static final WebhookResponse UNAVAILABLE =
      new WebhookResponse(503, "text/plain; charset=utf-8", "temporarily unavailable\n");

  private final CarrierId carrier;
  private final String displayName;
  private final WebhookVerifier verifier;
  private final Clock clock;
  private final int maxBodyBytes;
  private final @Nullable String publicBaseUrl;
  private final @Nullable String publicUrlSetting;
  private final Map<String, WebhookEndpoint> endpoints;

  private WebhookPipeline(Builder b) {
    this.carrier = b.carrier;
    this.displayName = b.displayName;
    this.verifier = Objects.requireNonNull(b.verifier, "verifier(...) is required");
    this.clock = Objects.requireNonNull(b.clock, "clock(...) is required");
    this.maxBodyBytes = b.maxBodyBytes;
    this.publicBaseUrl = b.publicBaseUrl;
    this.publicUrlSetting = b.publicUrlSetting;
    Map<String, WebhookEndpoint> m = new LinkedHashMap<>();
    b.routes.forEach((route, r) -> m.put(route, request -> handle(route, r, request)));
    this.endpoints = Collections.unmodifiableMap(m);
  }

  /** Starts the webhooks of {@code carrier}. */
  public static Builder builder(CarrierId carrier) {
    return new Builder(carrier);
  }

  @Override
  public CarrierId carrier() {
    return carrier;
  }

  @Override
  public Map<String, WebhookEndpoint> endpoints() {
    return endpoints;
  }

  private WebhookResponse handle(String route, Route r, WebhookRequest request) {
    try {
      if (request.bodyLength() > maxBodyBytes) {
        log.warn("{} {} webhook refused: body of {} bytes is over the limit of {}", displayName, route,
            request.bodyLength(), maxBodyBytes);
        return new WebhookResponse(413, "text/plain; charset=utf-8", "body larger than " + maxBodyBytes + " bytes\n");
      }
      verifier.verify(request, clock.instant());
    } catch (WebhookVerificationException e) {
      logRefusal(route, request, e);
      return WebhookResponse.forbidden();
    } catch (MalformedWebhookException e) {
      log.warn("{} {} webhook refused before its signature could be checked: {}", displayName, route,
          LogText.escape(e.getMessage()));
      return WebhookResponse.badRequest(LogText.escape(e.getMessage()));
    } catch (RuntimeException e) {
      // Not a forgery but a fault here (a nonce store unreachable, a missing algorithm): 503, so the carrier
      // asks again, where a 403 would lose the webhook for good.
      log.error("{} {} webhook: the signature check failed unexpectedly", displayName, route, e);
      return r.onFailure.status() >= 500 ? r.onFailure : UNAVAILABLE;
    }
    try {
      return r.handler.handle(new WebhookCall(request, route, clock.instant(), publicBaseUrl, mountPath()));
    } catch (MalformedWebhookException e) {
      log.warn("{} {} webhook refused: {}", displayName, route, LogText.escape(e.getMessage()));
      return WebhookResponse.badRequest(LogText.escape(e.getMessage()));
    } catch (WebhookVerificationException e) {
      // A verified request that belongs to someone else (another account's id in the payload).
      log.warn("{} {} webhook refused: {}", displayName, route, LogText.escape(e.getMessage()));
      return WebhookResponse.forbidden();
    } catch (RuntimeException e) {
      log.error("{} {} webhook failed; answering {}", displayName, route, r.onFailure.status(), e);
      return r.onFailure;
    }
  }

  /**
   * A refused signature is most often a proxy or tunnel that changed the scheme, host or port the app sees:
   * say which URL was checked and, when the request's own headers name another address, which setting fixes it.
   */
  private void logRefusal(String route, WebhookRequest request, WebhookVerificationException e) {
    log.warn("{} {} webhook refused (403): {}", displayName, route, refusal(request, e));
  }

  /** Why a signature was refused, the URL it was checked against, and a hint when a proxy seems involved. */
  String refusal(WebhookRequest request, WebhookVerificationException e) {
    String checked = e.checkedUrl().orElse(request.publicUrl());
    Optional<String> seen = addressSeen(request);
    Optional<String> checkedAddress = address(checked);
    StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage())).append("; signature checked against ")
        .append(withoutQuery(checked));
    if (seen.isPresent() && checkedAddress.isPresent() && !seen.get().equalsIgnoreCase(checkedAddress.get())) {
      sb.append("; the request came in for ").append(seen.get()).append(" (Host / X-Forwarded-* headers)");
      if (publicUrlSetting != null) {
        sb.append(": if ").append(displayName).append(" calls ").append(seen.get()).append(", set ")
            .append(publicUrlSetting).append(" to it");
      }
    }
    return LogText.escape(sb.toString());
  }

  /** scheme://host[:port] the client addressed, from the forwarding headers a proxy adds or the Host header. */
  private static Optional<String> addressSeen(WebhookRequest request) {
    Optional<String> host = first(request.header("X-Forwarded-Host")).or(() -> request.header("Host"));
    if (host.isEmpty()) return Optional.empty();
    String scheme = first(request.header("X-Forwarded-Proto"))
        .orElseGet(() -> address(request.publicUrl()).map(a -> a.substring(0, a.indexOf(':'))).orElse("https"));
    String h = host.get().trim();
    Optional<String> port = first(request.header("X-Forwarded-Port"));
    if (port.isPresent() && !h.contains(":") && !port.get().equals(defaultPort(scheme))) h = h + ":" + port.get();
    return Optional.of(normalise(scheme, h));
  }

  private static Optional<String> address(String url) {
    try {
      URI uri = URI.create(url);
      if (uri.getScheme() == null || uri.getRawAuthority() == null) return Optional.empty();
      String authority = uri.getRawAuthority();
      int at = authority.lastIndexOf('@');
      return Optional.of(normalise(uri.getScheme(), at < 0 ? authority : authority.substring(at + 1)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String normalise(String scheme, String hostPort) {
    String s = scheme.toLowerCase(Locale.ROOT);
    String hp = hostPort.toLowerCase(Locale.ROOT);
    String dflt = defaultPort(s);
    if (dflt != null && hp.endsWith(":" + dflt)) hp = hp.substring(0, hp.length() - dflt.length() - 1);
    return s + "://" + hp;
  }

  private static @Nullable String defaultPort(String scheme) {
    return switch (scheme.toLowerCase(Locale.ROOT)) {
      case "https" -> "443";
      case "http" -> "80";
      default -> null;
    };
  }

  private static Optional<String> first(Optional<String> header) {
    return header.map(v -> v.split(",", 2)[0].trim()).filter(v -> !v.isEmpty());
  }

  /**
   * The URL as it may be logged: without its query (an adapter may carry callers' numbers there) and without
   * user info (a public URL may hold basic-auth credentials).
   */
  private static String withoutQuery(String url) {
    int q = url.indexOf('?');
    String u = q < 0 ? url : url.substring(0, q) + "?…";
    return u.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", "$1…@");
  }

  /** One route and what it answers when the engine fails. */
  private record Route(WebhookHandler handler, WebhookResponse onFailure) {}

  /** Builds the webhooks of one carrier. Not thread-safe. */
  public static final class Builder {
    private final CarrierId carrier;
    private String displayName;
    private @Nullable WebhookVerifier verifier;
    private @Nullable Clock clock;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private @Nullable String publicBaseUrl;
    private @Nullable String publicUrlSetting;
    private final Map<String, Route> routes = new LinkedHashMap<>();

    private Builder(CarrierId carrier) {
      this.carrier = Objects.requireNonNull(carrier, "carrier == null");
      this.displayName = carrier.name();
    }

    /** The carrier's name in log lines, e.g. {@code Twilio} (default: the carrier id). */
    public Builder displayName(String name) {
      this.displayName = Objects.requireNonNull(name, "name == null");
      return this;
    }

    /** The signature check (required). */
    public Builder verifier(WebhookVerifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier == null");
      return this;
    }

    /** The engine's clock, for time-bound signatures and {@link WebhookCall#now()} (required). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** Bodies larger than this are refused with 413 (default {@value #DEFAULT_MAX_BODY_BYTES}). */
    public Builder maxBodyBytes(int bytes) {
      if (bytes < 1) throw new IllegalArgumentException("maxBodyBytes < 1");
      this.maxBodyBytes = bytes;
      return this;
    }

    /**
     * The base URL the carrier reaches this application at (no trailing slash), or null to derive callback
     * URLs from each request.
     */
    public Builder publicBaseUrl(@Nullable String url) {
      this.publicBaseUrl = url == null ? null : url.replaceAll("/+$", "");
      return this;
    }

    /** The setting that holds the public base URL, named when a refused signature looks like a proxy issue. */
    public Builder publicUrlSetting(@Nullable String name) {
      this.publicUrlSetting = name;
      return this;
    }

    /** Adds a route whose engine failures are answered 503, so the carrier redelivers. */
    public Builder route(String route, WebhookHandler handler) {
      return route(route, handler, UNAVAILABLE);
    }

    /**
     * Adds a route whose engine failures are answered with {@code onFailure}, for carriers that need a body
     * in their own format even then.
     *
     * @throws IllegalArgumentException when the route was added before
     */
    public Builder route(String route, WebhookHandler handler, WebhookResponse onFailure) {
      Objects.requireNonNull(route, "route == null");
      if (route.isEmpty() || route.startsWith("/") || route.endsWith("/")) {
        throw new IllegalArgumentException("route must be a relative path without leading or trailing slash: " + route);
      }
      Route r = new Route(Objects.requireNonNull(handler, "handler == null"),
          Objects.requireNonNull(onFailure, "onFailure == null"));
      if (routes.putIfAbsent(route, r) != null) throw new IllegalArgumentException("route added twice: " + route);
      return this;
    }

    /** @throws NullPointerException naming the verifier or clock when missing */
    public WebhookPipeline build() {
      return new WebhookPipeline(this);
    }
  }
}
