package dev.textback.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.textback.TextBack;
import dev.textback.business.BusinessProfile;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationMessage;
import dev.textback.reply.ConversationStatus;
import dev.textback.phone.PhoneNumber;
import dev.textback.rules.Reason;
import dev.textback.spi.CallActivity;
import dev.textback.spi.CallerDirectory;
import dev.textback.spi.FunnelCounts;
import dev.textback.spi.StoreUnavailableException;
import dev.textback.stats.RecoveryFunnel;
import dev.textback.webhook.MalformedWebhookException;
import dev.textback.webhook.WebhookRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's JSON API: stats, the call list, callers to call back, conversations, replies. Every route needs
 * {@code Authorization: Bearer
 * <TEXTBACK_ADMIN_TOKEN>}; without a configured token the API refuses everything.
 */
final class AdminApi {
  private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
  /** The Allow value of a route that reads: HEAD is answered like GET. */
  static final String READ = "GET, HEAD";
  private static final Pattern CONVERSATION_ACTION = Pattern.compile("/api/conversations/([A-Za-z0-9_-]+)/(reply|handled)");

  /** Calls one call list answers at most; a longer period answers the newest ones and says it was cut. */
  static final int MAX_CALLS = 500;
  /** The longest period a call list covers. */
  static final int MAX_DAYS = 92;

  private final TextBack engine;
  private final byte[] token;
  private final CallListJson calls;

  AdminApi(TextBack engine, String token) {
    this(engine, token, CallerDirectory.none());
  }

  /** @param directory where the call lists find callers' names */
  AdminApi(TextBack engine, String token, CallerDirectory directory) {
    this.engine = engine;
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    this.calls = new CallListJson(directory);
  }

  boolean authorised(HttpCall call) {
    if (token == null) return false;
    String h = call.header("Authorization").orElse(null);
    // The scheme's name is case-insensitive (RFC 9110, 11.1); the token is compared exactly.
    if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
    return MessageDigest.isEqual(token, h.substring(7).trim().getBytes(StandardCharsets.UTF_8));
  }

  /** The 401 every API route answers without the right token. */
  HttpReply unauthorised() {
    return HttpReply.error(401, token == null ? "the API is disabled: set TEXTBACK_ADMIN_TOKEN"
        : "missing or wrong bearer token").withHeader("WWW-Authenticate", "Bearer");
  }

  /**
   * The methods a path of this API takes, as an {@code Allow} value, or null when the path is no route: a
   * route asked with another method answers 405, a path that is no route 404.
   */
  static String allowed(String path) {
    return switch (path) {
      case "/api/stats", "/api/stats/daily", "/api/businesses", "/api/conversations", "/api/calls",
          "/api/callbacks" -> READ;
      case "/api/callbacks/called" -> "POST";
      default -> CONVERSATION_ACTION.matcher(path).matches() ? "POST" : null;
    };
  }

  HttpReply handle(HttpCall call) {
    if (!authorised(call)) return unauthorised();
    String path = call.path();
    String allow = allowed(path);
    if (allow == null) return HttpReply.error(404, "no route " + call.method() + " " + path);
    if (!(allow.equals(READ) ? call.isRead() : call.method().equals(allow))) {
      return HttpReply.methodNotAllowed(call, allow, true);
    }
    try {
      Map<String, String> q = query(call.rawQuery());
      switch (path) {
        case "/api/stats":
          return stats(q);
        case "/api/stats/daily":
          return daily(q);
        case "/api/businesses":
          List<Map<String, Object>> out = new ArrayList<>();
          for (BusinessProfile b : engine.businesses().all()) {
            out.add(Map.of("id", b.id(), "name", b.displayName(), "zone", b.zone().getId(),
                "averageJobValue", b.averageJobValue()));
          }
          return HttpReply.json(200, out);
        case "/api/conversations":
          return conversations(q);
        case "/api/calls":
          return callList(q);
        case "/api/callbacks":
          return callBacks(q);
        case "/api/callbacks/called":
          return markCalled(call, q);
        default:
          Matcher m = CONVERSATION_ACTION.matcher(path);
          if (!m.matches()) throw new IllegalStateException("allowed() and handle() disagree on " + path);
          return m.group(2).equals("reply") ? reply(call, m.group(1)) : handled(call, m.group(1));
      }
    } catch (IllegalArgumentException e) {
      return HttpReply.error(400, e.getMessage());
    } catch (IllegalStateException e) {
      return HttpReply.error(409, e.getMessage());
    } catch (StoreUnavailableException e) {
      // A database restart: the dashboard polls again, so one line, without the stack, for each failed request.
      log.warn("{} {}: the store is unavailable ({})", call.method(), path, e.getClass().getSimpleName());
      return HttpReply.error(503, "the store is unavailable; try again shortly").withHeader("Retry-After", "5");
    }
  }

  private BusinessProfile business(Map<String, String> q) {
    String id = q.get("business");
    if (id == null) {
      if (engine.businesses().all().size() == 1) return engine.businesses().all().iterator().next();
      throw new IllegalArgumentException("business=<id> is required");
    }
    return engine.businesses().byId(id).orElseThrow(() -> new IllegalArgumentException("unknown business " + id));
  }

  /** Accepts an instant (2026-07-14T00:00:00Z) or a date (2026-07-14, start of day in the business's zone). */
  private static Instant instant(String value, ZoneId zone, Instant fallback, String name) {
    if (value == null || value.isBlank()) return fallback;
    Instant at;
    try {
      at = value.length() == 10 ? LocalDate.parse(value).atStartOfDay(zone).toInstant() : Instant.parse(value);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(name + " must be a date (2026-07-14) or an instant (2026-07-14T00:00:00Z)");
    }
    if (at.isBefore(EARLIEST.atStartOfDay(ZoneOffset.UTC).toInstant())
        || !at.isBefore(LATEST.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())) {
      throw new IllegalArgumentException(name + " must be between " + EARLIEST + " and " + LATEST);
    }
    return at;
  }

  private HttpReply stats(Map<String, String> q) {
    BusinessProfile b = business(q);
    Instant now = engine.clock().instant();
    Instant to = instant(q.get("to"), b.zone(), now.plusSeconds(1), "to");
    Instant from = instant(q.get("from"), b.zone(), to.minus(Duration.ofDays(30)), "from");
    if (!from.isBefore(to)) throw new IllegalArgumentException("from must be before to");
    Map<String, Object> m = funnelJson(engine.stats(b.id(), from, to));
    // The page shows revenue as an estimate with its formula: replies × this value.
    m.put("averageJobValue", b.averageJobValue());
    return HttpReply.json(200, m);
  }

  static Map<String, Object> funnelJson(RecoveryFunnel f) {
    FunnelCounts c = f.counts();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("business", f.businessId());
    m.put("from", f.from().toString());
    m.put("to", f.to().toString());
    m.put("calls", c.calls());
    m.put("missed", c.missed());
    m.put("texted", f.texted());
    m.put("sent", c.sent());
    m.put("delivered", c.delivered());
    m.put("failed", c.failed());
    m.put("replied", f.recovered());
    m.put("handled", c.handled());
    m.put("recoveryRate", f.recoveryRate());
    m.put("lostLeads", f.lostLeads());
    m.put("revenueRecovered", f.revenueRecovered());
    m.put("timeToTextSeconds", Map.of("mean", c.timeToTextMean().toMillis() / 1000.0,
        "p50", c.timeToTextP50().toMillis() / 1000.0, "p90", c.timeToTextP90().toMillis() / 1000.0));
    m.put("responseTimeSeconds", c.responseTimeMean().toMillis() / 1000.0);
    Map<String, Long> skipped = new LinkedHashMap<>();
    for (Map.Entry<Reason, Long> e : c.decisions().entrySet()) {
      if (e.getKey().isSkip()) skipped.put(e.getKey().name(), e.getValue());
    }
    m.put("skipped", skipped);
    return m;
  }

  /** The {@code days} parameter: 1 to 90, 30 when absent. */
  private static int days(Map<String, String> q) {
    int days;
    try {
      days = q.containsKey("days") ? Integer.parseInt(q.get("days")) : 30;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("days must be a whole number 1..90");
    }
    if (days < 1 || days > 90) throw new IllegalArgumentException("days must be a whole number 1..90");
    return days;
  }

  private HttpReply daily(Map<String, String> q) {
    BusinessProfile b = business(q);
    int days = days(q);
    LocalDate today = LocalDate.ofInstant(engine.clock().instant(), b.zone());
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = days - 1; i >= 0; i--) {
      LocalDate d = today.minusDays(i);
      RecoveryFunnel f = engine.stats(b.id(), d.atStartOfDay(b.zone()).toInstant(),
          d.plusDays(1).atStartOfDay(b.zone()).toInstant());
      out.add(Map.of("date", d.toString(), "missed", f.counts().missed(), "texted", f.texted(),
          "replied", f.recovered()));
    }
    return HttpReply.json(200, out);
  }

  /**
   * The dates a query may name: far enough from the ends of the time line that the days and the zone added to them
   * stay on it (a day of year +999999999 failed the arithmetic after it, with a 500).
   */
  private static final LocalDate EARLIEST = LocalDate.of(1970, 1, 1);
  private static final LocalDate LATEST = LocalDate.of(9999, 12, 31);

  private static LocalDate date(String value, String name) {
    LocalDate date;
    try {
      date = LocalDate.parse(value);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(name + " must be a date like 2026-07-14");
    }
    if (date.isBefore(EARLIEST) || date.isAfter(LATEST)) {
      throw new IllegalArgumentException(name + " must be between " + EARLIEST + " and " + LATEST);
    }
    return date;
  }

  /**
   * The calls of one day ({@code day=2026-07-14}) or of a range of days ({@code from}, {@code to}, both included),
   * in the business's time zone; today without parameters.
   */
  private HttpReply callList(Map<String, String> q) {
    BusinessProfile b = business(q);
    LocalDate today = LocalDate.ofInstant(engine.clock().instant(), b.zone());
    LocalDate first;
    LocalDate last;
    if (q.containsKey("day")) {
      if (q.containsKey("from") || q.containsKey("to")) {
        throw new IllegalArgumentException("give day or from/to, not both");
      }
      first = last = date(q.get("day"), "day");
    } else {
      first = q.containsKey("from") ? date(q.get("from"), "from") : today;
      last = q.containsKey("to") ? date(q.get("to"), "to") : q.containsKey("from") ? today : first;
    }
    if (last.isBefore(first)) throw new IllegalArgumentException("to must not be before from");
    if (first.plusDays(MAX_DAYS).isBefore(last.plusDays(1))) {
      throw new IllegalArgumentException("a call list covers at most " + MAX_DAYS + " days");
    }
    Instant from = first.atStartOfDay(b.zone()).toInstant();
    Instant to = last.plusDays(1).atStartOfDay(b.zone()).toInstant();
    List<CallActivity> found = engine.calls(b.id(), from, to, MAX_CALLS + 1);
    List<Map<String, Object>> out = new ArrayList<>();
    for (CallActivity a : found.subList(0, Math.min(MAX_CALLS, found.size()))) out.add(calls.call(b, a));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("business", b.id());
    m.put("zone", b.zone().getId());
    m.put("from", first.toString());
    m.put("to", last.toString());
    m.put("truncated", found.size() > MAX_CALLS);
    m.put("calls", out);
    return HttpReply.json(200, m);
  }

  /**
   * Missed callers of the last {@code days} days (30 unless given) who were texted and have not replied, newest
   * first, each caller once (at their latest such call).
   */
  private HttpReply callBacks(Map<String, String> q) {
    BusinessProfile b = business(q);
    int days = days(q);
    Instant since = engine.clock().instant().minus(Duration.ofDays(days));
    Set<String> seen = new java.util.HashSet<>();
    List<Map<String, Object>> out = new ArrayList<>();
    for (CallActivity a : engine.callBacks(b.id(), since, MAX_CALLS)) {
      if (a.call().caller() != null && seen.add(a.call().caller().e164())) out.add(calls.callBack(b, a));
    }
    return HttpReply.json(200, out);
  }

  /** Marks a caller as called back: {@code {"caller": "+17205550142", "by": "Dave"}}. */
  private HttpReply markCalled(HttpCall call, Map<String, String> q) {
    BusinessProfile b = business(q);
    JsonNode body = jsonBody(call);
    if (!body.path("caller").isTextual()) throw new IllegalArgumentException("caller is required, e.g. +17205550142");
    PhoneNumber caller;
    try {
      caller = PhoneNumber.of(body.get("caller").asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("caller must be a phone number in E.164, e.g. +17205550142");
    }
    String by = body.path("by").isTextual() ? body.get("by").asText() : null;
    Instant at = engine.markCalledBack(b.id(), caller, by);
    return HttpReply.json(200, Map.of("caller", caller.e164(), "calledBackAt", at.toString()));
  }

  /** The most conversations a list answers with. */
  private static final int MAX_CONVERSATIONS = 200;
  /** How many of the latest conversations the needs-reply list looks through. */
  private static final int NEEDS_REPLY_SCAN = 10_000;

  private HttpReply conversations(Map<String, String> q) {
    Set<ConversationStatus> statuses = EnumSet.noneOf(ConversationStatus.class);
    for (String s : q.getOrDefault("status", "open,handled").split(",")) {
      try {
        statuses.add(ConversationStatus.valueOf(s.trim().toUpperCase(java.util.Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("status must be open, handled or closed");
      }
    }
    boolean needsReply = "true".equals(q.get("needsReply"));
    List<Map<String, Object>> out = new ArrayList<>();
    // Every texted call opens a conversation that stays open for days, so the replies waiting can sit behind many
    // newer ones: looking at only the latest 200 before filtering lost them from the list.
    List<Conversation> found = engine.conversations(q.get("business"), statuses,
        needsReply ? NEEDS_REPLY_SCAN : MAX_CONVERSATIONS);
    if (needsReply && found.size() == NEEDS_REPLY_SCAN) {
      log.warn("needs-reply list: looked at the latest {} open conversations only", NEEDS_REPLY_SCAN);
    }
    for (Conversation c : found) {
      if (out.size() == MAX_CONVERSATIONS) break;
      if (needsReply && !c.needsReply()) continue;
      Map<String, Object> json = conversationJson(c, engine.messages(c.id()));
      json.put("callerName", engine.businesses().byId(c.businessId()).map(b -> calls.name(b, c.caller())).orElse(null));
      out.add(json);
    }
    return HttpReply.json(200, out);
  }

  static Map<String, Object> conversationJson(Conversation c, List<ConversationMessage> messages) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", c.id());
    m.put("business", c.businessId());
    m.put("businessNumber", c.businessNumber().e164());
    m.put("caller", c.caller().e164());
    m.put("status", c.status().name().toLowerCase(java.util.Locale.ROOT));
    m.put("needsReply", c.needsReply());
    m.put("openedAt", c.openedAt().toString());
    m.put("lastActivityAt", c.lastActivityAt().toString());
    m.put("owner", c.owner());
    List<Map<String, Object>> ms = new ArrayList<>();
    for (ConversationMessage msg : messages) {
      Map<String, Object> mm = new LinkedHashMap<>();
      mm.put("direction", msg.direction().name().toLowerCase(java.util.Locale.ROOT));
      mm.put("body", msg.body());
      mm.put("at", msg.at().toString());
      mm.put("automatic", msg.automatic());
      mm.put("author", msg.author());
      ms.add(mm);
    }
    m.put("messages", ms);
    return m;
  }

  private HttpReply reply(HttpCall call, String id) {
    JsonNode body = jsonBody(call);
    String text = body.path("text").asText("");
    String author = body.path("author").isTextual() ? body.get("author").asText() : null;
    ConversationMessage m = engine.reply(id, text, author);
    return HttpReply.json(202, Map.of("id", m.id(), "queuedAt", m.at().toString()));
  }

  private HttpReply handled(HttpCall call, String id) {
    JsonNode body = jsonBody(call);
    String by = body.path("by").isTextual() ? body.get("by").asText() : null;
    Conversation c = engine.markHandled(id, by);
    return HttpReply.json(200, conversationJson(c, engine.messages(c.id())));
  }

  private static JsonNode jsonBody(HttpCall call) {
    byte[] raw = call.body();
    if (raw.length == 0) return Http.JSON.createObjectNode();
    try {
      return Http.JSON.readTree(raw);
    } catch (IOException e) {
      throw new IllegalArgumentException("body is not valid JSON");
    }
  }

  /** The first value of each query parameter. */
  static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    try {
      WebhookRequest.parseForm(raw).forEach((k, v) -> out.put(k, v.get(0)));
    } catch (MalformedWebhookException e) {
      throw new IllegalArgumentException("the query string is not valid URL encoding");
    }
    return out;
  }

}
