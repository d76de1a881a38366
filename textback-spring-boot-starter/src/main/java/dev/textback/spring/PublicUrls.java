package dev.textback.spring;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The URL a carrier called, which is what it signed: behind a TLS-terminating proxy the request the application
 * sees is {@code http://10.0.0.5:8080/...} while the carrier signed {@code https://crm.example.com/...}.
 */
final class PublicUrls {
  private PublicUrls() {}

  /**
   * The public URL of {@code request}, query string included.
   *
   * @param publicBaseUrl the application's public root URL, which wins when set
   * @param trustForwarded whether to read {@code Forwarded} and {@code X-Forwarded-*} headers
   */
  static String of(HttpServletRequest request, @Nullable String publicBaseUrl, boolean trustForwarded) {
    String pathInApp = request.getRequestURI().substring(request.getContextPath().length());
    String query = request.getQueryString() == null ? "" : "?" + request.getQueryString();
    if (publicBaseUrl != null && !publicBaseUrl.isBlank()) {
      return stripTrailingSlash(publicBaseUrl.trim()) + pathInApp + query;
    }
    String scheme = request.getScheme();
    String host = request.getServerName();
    int port = request.getServerPort();
    String prefix = "";
    if (trustForwarded) {
      String forwarded = request.getHeader("Forwarded");
      String proto = forwarded == null ? null : forwardedParam(forwarded, "proto");
      String fhost = forwarded == null ? null : forwardedParam(forwarded, "host");
      if (proto == null) proto = first(request.getHeader("X-Forwarded-Proto"));
      if (fhost == null) fhost = first(request.getHeader("X-Forwarded-Host"));
      String fport = first(request.getHeader("X-Forwarded-Port"));
      if (proto != null) {
        scheme = proto.toLowerCase(Locale.ROOT);
        port = -1;
      }
      if (fhost != null) {
        int colon = fhost.lastIndexOf(':');
        boolean hasPort = colon > 0 && fhost.indexOf(']') < colon;
        host = hasPort ? fhost.substring(0, colon) : fhost;
        port = hasPort ? parsePort(fhost.substring(colon + 1)) : -1;
      }
      if (fport != null) port = parsePort(fport);
      String fprefix = first(request.getHeader("X-Forwarded-Prefix"));
      if (fprefix != null) prefix = stripTrailingSlash(fprefix.startsWith("/") ? fprefix : "/" + fprefix);
    }
    boolean defaultPort = port < 0 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
    return scheme + "://" + host + (defaultPort ? "" : ":" + port) + prefix + request.getContextPath() + pathInApp
        + query;
  }

  /** A parameter of the first element of an RFC 7239 {@code Forwarded} header, unquoted. */
  private static @Nullable String forwardedParam(String header, String name) {
    String firstElement = header.split(",", 2)[0];
    for (String pair : firstElement.split(";")) {
      int eq = pair.indexOf('=');
      if (eq < 0 || !pair.substring(0, eq).trim().equalsIgnoreCase(name)) continue;
      String value = pair.substring(eq + 1).trim();
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1);
      }
      return value.isEmpty() ? null : value;
    }
    return null;
  }

  /** The first of a comma-separated header (the proxy nearest the client), or null. */
  private static @Nullable String first(@Nullable String header) {
    if (header == null) return null;
    String v = header.split(",", 2)[0].trim();
    return v.isEmpty() ? null : v;
  }

  private static int parsePort(String raw) {
    try {
      int port = Integer.parseInt(raw.trim());
      return port > 0 && port < 65536 ? port : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String stripTrailingSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
