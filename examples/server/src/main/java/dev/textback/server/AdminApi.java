package dev.textback.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.textback.TextBack;
import dev.textback.business.BusinessProfile;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationMessage;
import dev.textback.reply.ConversationStatus;
import dev.textback.rules.Reason;
import dev.textback.spi.FunnelCounts;
import dev.textback.stats.RecoveryFunnel;
import dev.textback.webhook.MalformedWebhookException;
import dev.textback.webhook.WebhookRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's JSON API: stats, conversations, replies. Every route needs {@code Authorization: Bearer
 * <TEXTBACK_ADMIN_TOKEN>}; without a configured token the API refuses everything.
 */
final class AdminApi {
  /** The Allow value of a route that reads: HEAD is answered like GET. */
  static final String READ = "GET, HEAD";
  private static final Pattern CONVERSATION_ACTION = Pattern.compile("/api/conversations/([A-Za-z0-9_-]+)/(reply|handled)");

  private final TextBack engine;
  private final byte[] token;

  AdminApi(TextBack engine, String token) {
    this.engine = engine;
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  boolean authorised(HttpCall call) {
    if (token == null) return false;
    String h = call.header("Authorization").orElse(null);
    if (h == null || !h.startsWith("Bearer ")) return false;
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
      case "/api/stats", "/api/stats/daily", "/api/businesses", "/api/conversations" -> READ;
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
        default:
          Matcher m = CONVERSATION_ACTION.matcher(path);
          if (!m.matches()) throw new IllegalStateException("allowed() and handle() disagree on " + path);
          return m.group(2).equals("reply") ? reply(call, m.group(1)) : handled(call, m.group(1));
      }
    } catch (IllegalArgumentException e) {
      return HttpReply.error(400, e.getMessage());
    } catch (IllegalStateException e) {
      return HttpReply.error(409, e.getMessage());
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
    try {
      return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(zone).toInstant() : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + " must be a date (2026-07-14) or an instant (2026-07-14T00:00:00Z)");
    }
  }

  private HttpReply stats(Map<String, String> q) {
    BusinessProfile b = business(q);
    Instant now = engine.clock().instant();
    Instant to = instant(q.get("to"), b.zone(), now.plusSeconds(1), "to");
    Instant from = instant(q.get("from"), b.zone(), to.minus(Duration.ofDays(30)), "from");
    if (!from.isBefore(to)) throw new IllegalArgumentException("from must be before to");
    return HttpReply.json(200, funnelJson(engine.stats(b.id(), from, to)));
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

  private HttpReply daily(Map<String, String> q) {
    BusinessProfile b = business(q);
    int days = q.containsKey("days") ? Integer.parseInt(q.get("days")) : 30;
    if (days < 1 || days > 90) throw new IllegalArgumentException("days must be 1..90");
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
    for (Conversation c : engine.conversations(q.get("business"), statuses, 200)) {
      if (needsReply && !c.needsReply()) continue;
      out.add(conversationJson(c, engine.messages(c.id())));
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
