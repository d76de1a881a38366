package dev.textback.carrier;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads an adapter's settings from a key lookup (environment variables, {@code props::getProperty}) the same
 * way for every carrier: blank means absent, durations are whole seconds or ISO-8601, flags are
 * {@code true}/{@code false}, and every unreadable value is collected rather than thrown, so a config's
 * {@code from(lookup)} can report all problems at once. Not thread-safe; one per read.
 */
public final class SettingsReader {
  private final Function<String, ? extends @Nullable String> lookup;
  private final List<String> problems = new ArrayList<>();

  public SettingsReader(Function<String, ? extends @Nullable String> lookup) {
    this.lookup = Objects.requireNonNull(lookup, "lookup == null");
  }

  /** The trimmed value of {@code key}; empty when absent or blank. */
  public Optional<String> text(String key) {
    String v = lookup.apply(key);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  /** A duration in whole seconds ({@code 20}) or ISO-8601 ({@code PT20S}); a problem is noted otherwise. */
  public Optional<Duration> duration(String key) {
    Optional<String> v = text(key);
    if (v.isEmpty()) return Optional.empty();
    try {
      String s = v.get();
      return Optional.of(s.chars().allMatch(Character::isDigit) ? Duration.ofSeconds(Long.parseLong(s))
          : Duration.parse(s));
    } catch (NumberFormatException | DateTimeParseException e) {
      problems.add(key + " is not a duration (seconds or ISO-8601): " + v.get());
      return Optional.empty();
    }
  }

  /** {@code true} or {@code false} in any case; a problem is noted otherwise. */
  public Optional<Boolean> flag(String key) {
    Optional<String> v = text(key);
    if (v.isEmpty()) return Optional.empty();
    switch (v.get().toLowerCase(Locale.ROOT)) {
      case "true":
        return Optional.of(true);
      case "false":
        return Optional.of(false);
      default:
        problems.add(key + " must be true or false: " + v.get());
        return Optional.empty();
    }
  }

  /** What could not be read, in the order read. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /**
   * Notes a problem unless {@code url} is an absolute http(s) URL. A callback URL may carry a query and a
   * fragment (carriers put connection overrides there); a base URL may not.
   */
  public static void checkUrl(String name, String url, boolean callback, List<String> problems) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
        problems.add(name + " must be an absolute http(s) URL: " + withoutUserInfo(url));
      } else if (!callback && (uri.getRawQuery() != null || uri.getRawFragment() != null)) {
        problems.add(name + " must not have a query or fragment: " + withoutUserInfo(url));
      }
    } catch (URISyntaxException e) {
      problems.add(name + " is not a URL: " + withoutUserInfo(url));
    }
  }

  /** A URL as it may appear in a message: basic-auth credentials in it replaced by an ellipsis. */
  public static String withoutUserInfo(String url) {
    return url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@?#]*@", "$1…@");
  }
}
