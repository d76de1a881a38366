package dev.textback.carrier;

import dev.textback.webhook.WebhookRequest;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The URL a carrier called, as its signature covers it: rebuilt from the configured public base URL (behind a
 * proxy or tunnel the application sees another scheme, host or port than the carrier called) or taken from the
 * request, and taken apart the way signature schemes need (without fragment, without query, the query decoded,
 * with and without a port or user info). Never derived from {@code Host} or {@code X-Forwarded-*} headers,
 * which anyone can set. Immutable and thread-safe.
 */
public final class PublicUrl {
  private static final Pattern URL = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)(.*)", Pattern.DOTALL);
  private static final Pattern HOST_PORT = Pattern.compile("(\\[[^\\]]*\\]|[^:]*)(?::(\\d*))?");

  private final @Nullable String base;

  /**
   * @param publicBaseUrl the base URL the carrier reaches the application at (scheme, host, optional port and
   *     path prefix), or null to take each request's own public URL; trailing slashes are ignored
   */
  public PublicUrl(@Nullable String publicBaseUrl) {
    this.base = publicBaseUrl == null ? null : publicBaseUrl.replaceAll("/+$", "");
  }

  /**
   * The configured base URL.
   *
   * @return the base without trailing slash; empty when requests' own URLs are used
   */
  public Optional<String> base() {
    return Optional.ofNullable(base);
  }

  /**
   * The URL the carrier called for a request received at {@code requestUrl}: with a public base URL configured,
   * that base plus the request's path and query (and fragment); otherwise the request URL itself. A request URL
   * that already starts with the public base (a host that rebuilt the public URL itself) is taken as it is, so a
   * base with a path prefix is never applied twice.
   *
   * @param requestUrl the request's URL as the host passed it
   * @return the URL the carrier called
   */
  public String resolve(String requestUrl) {
    if (base == null) return requestUrl;
    if (requestUrl.equals(base) || requestUrl.startsWith(base + "/") || requestUrl.startsWith(base + "?")) {
      return requestUrl;
    }
    Matcher m = URL.matcher(requestUrl);
    String pathAndQuery = m.matches() ? m.group(3) : requestUrl;
    if (!pathAndQuery.isEmpty() && !pathAndQuery.startsWith("/")) pathAndQuery = "/" + pathAndQuery;
    return base + pathAndQuery;
  }

  /**
   * {@code url} up to its fragment (RFC 3986 §3.5: from the first {@code #}), which no client sends.
   *
   * @param url a URL
   * @return the URL without fragment
   */
  public static String withoutFragment(String url) {
    int hash = url.indexOf('#');
    return hash < 0 ? url : url.substring(0, hash);
  }

  /**
   * {@code scheme://authority/path}: {@code url} without query and fragment, port and trailing slash kept.
   *
   * @param url a URL
   * @return the URL without query and fragment
   */
  public static String withoutQuery(String url) {
    String u = withoutFragment(url);
    int q = u.indexOf('?');
    return q < 0 ? u : u.substring(0, q);
  }

  /**
   * The raw (still encoded) query of {@code url}.
   *
   * @param url a URL
   * @return the query without the {@code ?}; empty when it has none
   */
  public static String rawQuery(String url) {
    String u = withoutFragment(url);
    int q = u.indexOf('?');
    return q < 0 ? "" : u.substring(q + 1);
  }

  /**
   * The query of {@code url} decoded as form parameters ({@code +} is a space), in order.
   *
   * @param url a URL
   * @return decoded name to values; empty when there is no query
   * @throws dev.textback.webhook.MalformedWebhookException when its encoding is broken
   */
  public static Map<String, List<String>> queryParameters(String url) {
    String raw = rawQuery(url);
    return raw.isEmpty() ? new LinkedHashMap<>() : WebhookRequest.parseForm(raw);
  }

  /**
   * {@code url} without user info ({@code user:password@}) in its authority.
   *
   * @param url a URL
   * @return the URL without user info
   */
  public static String withoutUserInfo(String url) {
    Matcher m = URL.matcher(url);
    if (!m.matches()) return url;
    String authority = m.group(2);
    int at = authority.lastIndexOf('@');
    return at < 0 ? url : m.group(1) + "://" + authority.substring(at + 1) + m.group(3);
  }

  /**
   * {@code url} as given, then with the scheme's default port written out or any port left out, each with and
   * without user info: the spellings a carrier that is inconsistent about ports may have signed. First the URL as
   * given; no duplicates.
   *
   * @param url a URL
   * @return the spellings, the URL itself first
   */
  public static Set<String> portAndUserInfoVariants(String url) {
    Set<String> variants = new LinkedHashSet<>();
    variants.add(url);
    Matcher m = URL.matcher(url);
    if (!m.matches()) return variants;
    String scheme = m.group(1);
    String authority = m.group(2);
    String rest = m.group(3);
    int at = authority.lastIndexOf('@');
    String userInfo = at < 0 ? null : authority.substring(0, at + 1);
    Matcher hp = HOST_PORT.matcher(authority.substring(at + 1));
    if (!hp.matches()) return variants;
    String host = hp.group(1);
    String port = hp.group(2);
    String defaultPort = defaultPort(scheme);
    String withPort = port != null && !port.isEmpty() ? host + ":" + port
        : defaultPort != null ? host + ":" + defaultPort : null;
    for (String user : userInfo == null ? new String[] {""} : new String[] {userInfo, ""}) {
      variants.add(scheme + "://" + user + host + rest);
      if (withPort != null) variants.add(scheme + "://" + user + withPort + rest);
    }
    return variants;
  }

  private static @Nullable String defaultPort(String scheme) {
    return switch (scheme.toLowerCase(Locale.ROOT)) {
      case "https" -> "443";
      case "http" -> "80";
      default -> null;
    };
  }
}
