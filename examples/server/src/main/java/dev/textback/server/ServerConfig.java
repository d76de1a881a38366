package dev.textback.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textback.business.BusinessNumber;
import dev.textback.business.BusinessProfile;
import dev.textback.business.OpeningHours;
import dev.textback.phone.PhoneNumber;
import dev.textback.phone.PhoneNumbers;
import dev.textback.policy.QuietHoursMode;
import dev.textback.policy.QuietHoursPolicy;
import dev.textback.routing.CrmWebhookRouter;
import dev.textback.template.MessageTemplates;
import dev.textback.template.Situation;
import dev.textback.template.Template;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The server's business configuration, read from a JSON file ({@code TEXTBACK_CONFIG}). Every problem is
 * reported with the path of the field at fault, e.g. {@code businesses[0].numbers[1].number: not a phone
 * number}.
 */
public final class ServerConfig {
  /** How a business's replies are routed. */
  public record Routing(String crmWebhookUrl, String crmWebhookSecret, boolean ownerSms, String escalationWebhookUrl) {
    @Override
    public String toString() {
      return "Routing[crmWebhookUrl=" + crmWebhookUrl + ", crmWebhookSecret=" + (crmWebhookSecret == null ? "unset" : "***")
          + ", ownerSms=" + ownerSms + ", escalationWebhookUrl=" + escalationWebhookUrl + "]";
    }
  }

  /** One business, as configured. */
  public record Business(BusinessProfile profile, Routing routing) {}

  private final List<Business> businesses;

  /** As read; package-private so a test can hand the server what the loader refuses. */
  ServerConfig(List<Business> businesses) {
    this.businesses = List.copyOf(businesses);
  }

  public List<Business> businesses() {
    return businesses;
  }

  /** Reads and validates a config file. @throws ConfigException naming the file and the field at fault */
  public static ServerConfig load(Path file) {
    String json;
    try {
      json = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
    try {
      return parse(json);
    } catch (ConfigException e) {
      throw new ConfigException(file + ": " + e.getMessage(), e);
    }
  }

  /** Parses and validates config JSON. @throws ConfigException naming the field at fault */
  public static ServerConfig parse(String json) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new ConfigException("not valid JSON (line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) throw new ConfigException("the top level must be a JSON object");
    onlyKnown(root, "", "businesses");
    JsonNode list = root.get("businesses");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new ConfigException("businesses: at least one business is required");
    }
    List<Business> out = new ArrayList<>();
    Map<String, String> ids = new HashMap<>();
    Map<PhoneNumber, String> numbers = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "businesses[" + i + "]";
      Business business = business(list.get(i), at);
      String sameId = ids.putIfAbsent(business.profile().id(), at);
      if (sameId != null) {
        throw new ConfigException(at + ".id: '" + business.profile().id() + "' is also the id of " + sameId);
      }
      for (BusinessNumber bn : business.profile().numbers()) {
        PhoneNumber number = bn.number();
        String sameNumber = numbers.putIfAbsent(number, at);
        if (sameNumber != null) {
          throw new ConfigException(at + ".numbers: " + number.e164() + " is also a number of " + sameNumber);
        }
      }
      out.add(business);
    }
    return new ServerConfig(out);
  }

  private static Business business(JsonNode n, String at) {
    if (!n.isObject()) throw new ConfigException(at + ": must be an object");
    onlyKnown(n, at, "id", "name", "region", "timeZone", "numbers", "hours", "bookingLink", "ownerPhone", "language",
        "templates", "helpText", "cooldownHours", "sendDelaySeconds", "escalateAfterMinutes", "averageJobValue",
        "quietHours", "ignore", "replyRouting");
    BusinessProfile.Builder b = BusinessProfile.builder();
    String id = text(n, "id", at, true);
    b.id(id).displayName(text(n, "name", at, true));
    String region = text(n, "region", at, false);
    if (region != null) b.defaultRegion(region.toUpperCase(Locale.ROOT));
    String effectiveRegion = region == null ? "US" : region.toUpperCase(Locale.ROOT);
    String zone = text(n, "timeZone", at, false);
    if (zone != null) {
      try {
        b.zone(ZoneId.of(zone));
      } catch (DateTimeException e) {
        throw new ConfigException(at + ".timeZone: unknown time zone '" + zone + "' (use e.g. America/Denver)");
      }
    }
    JsonNode numbers = n.get("numbers");
    if (numbers == null || !numbers.isArray() || numbers.isEmpty()) {
      throw new ConfigException(at + ".numbers: at least one number is required");
    }
    for (int i = 0; i < numbers.size(); i++) {
      String nat = at + ".numbers[" + i + "]";
      JsonNode num = numbers.get(i);
      if (num.isTextual()) {
        b.number(BusinessNumber.of(phone(num.asText(), nat, effectiveRegion)));
      } else if (num.isObject()) {
        onlyKnown(num, nat, "number", "forwardTo", "location");
        PhoneNumber number = phone(text(num, "number", nat, true), nat + ".number", effectiveRegion);
        String forward = text(num, "forwardTo", nat, false);
        PhoneNumber forwardTo = forward == null ? null : phone(forward, nat + ".forwardTo", effectiveRegion);
        if (number.equals(forwardTo)) {
          throw new ConfigException(nat + ".forwardTo: is the business number itself; the call would ring itself");
        }
        b.number(new BusinessNumber(number, text(num, "location", nat, false), forwardTo));
      } else {
        throw new ConfigException(nat + ": must be a phone number or an object with \"number\"");
      }
    }
    JsonNode hours = n.get("hours");
    if (hours != null) b.openingHours(hours(hours, at + ".hours"));
    b.bookingLink(text(n, "bookingLink", at, false));
    String owner = text(n, "ownerPhone", at, false);
    if (owner != null) b.ownerPhone(phone(owner, at + ".ownerPhone", effectiveRegion).e164());
    JsonNode templates = n.get("templates");
    String language = text(n, "language", at, false);
    if (templates != null) {
      b.templates(templates(templates, at + ".templates", language));
    } else if (language != null) {
      b.templates(builtInTemplates(language, at + ".language"));
    }
    String help = text(n, "helpText", at, false);
    if (help != null) b.helpText(help);
    if (n.has("cooldownHours")) b.cooldown(Duration.ofMinutes(Math.round(number(n, "cooldownHours", at) * 60)));
    if (n.has("sendDelaySeconds")) b.sendDelay(Duration.ofSeconds((long) number(n, "sendDelaySeconds", at)));
    if (n.has("escalateAfterMinutes")) {
      b.escalateAfter(Duration.ofSeconds(Math.round(number(n, "escalateAfterMinutes", at) * 60)));
    }
    if (n.has("averageJobValue")) b.averageJobValue(BigDecimal.valueOf(number(n, "averageJobValue", at)));
    JsonNode quiet = n.get("quietHours");
    if (quiet != null) b.quietHours(quietHours(quiet, at + ".quietHours"));
    JsonNode ignore = n.get("ignore");
    if (ignore != null) {
      if (!ignore.isArray()) throw new ConfigException(at + ".ignore: must be a list of phone numbers");
      for (int i = 0; i < ignore.size(); i++) {
        b.ignore(phone(ignore.get(i).asText(), at + ".ignore[" + i + "]", effectiveRegion).e164());
      }
    }
    Routing routing = routing(n.get("replyRouting"), at + ".replyRouting");
    try {
      return new Business(b.build(), routing);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(at + ": " + e.getMessage());
    }
  }

  private static Routing routing(JsonNode n, String at) {
    if (n == null) return new Routing(null, null, true, null);
    if (!n.isObject()) throw new ConfigException(at + ": must be an object");
    onlyKnown(n, at, "crmWebhookUrl", "crmWebhookSecret", "ownerSms", "escalationWebhookUrl");
    String url = text(n, "crmWebhookUrl", at, false);
    String secret = text(n, "crmWebhookSecret", at, false);
    String escalationUrl = text(n, "escalationWebhookUrl", at, false);
    if ((url != null || escalationUrl != null) && secret == null) {
      throw new ConfigException(at + ".crmWebhookSecret: required with crmWebhookUrl or escalationWebhookUrl "
          + "(the receiver verifies the signature made with it)");
    }
    JsonNode ownerSms = n.get("ownerSms");
    if (ownerSms != null && !ownerSms.isBoolean()) throw new ConfigException(at + ".ownerSms: must be true or false");
    boolean owner = ownerSms == null || ownerSms.booleanValue();
    checkUrl(url, at + ".crmWebhookUrl");
    checkUrl(escalationUrl, at + ".escalationWebhookUrl");
    return new Routing(url, secret, owner, escalationUrl);
  }

  /** A webhook URL as the routers take it (checked by their own builder), refused here with the field at fault. */
  private static void checkUrl(@Nullable String url, String at) {
    if (url == null) return;
    try {
      CrmWebhookRouter.builder().url(url);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(at + ": " + e.getMessage());
    }
  }

  private static QuietHoursPolicy quietHours(JsonNode n, String at) {
    if (!n.isObject()) throw new ConfigException(at + ": must be an object");
    onlyKnown(n, at, "sendFrom", "sendUntil", "mode", "maxDeferralHours");
    QuietHoursPolicy.Builder q = QuietHoursPolicy.builder();
    // The window in which texts MAY go out, in the caller's local time (not the quiet period itself).
    String from = text(n, "sendFrom", at, false);
    String until = text(n, "sendUntil", at, false);
    if (from != null || until != null) {
      q.window(time(from == null ? "08:00" : from, at + ".sendFrom"), time(until == null ? "21:00" : until,
          at + ".sendUntil"));
    }
    String mode = text(n, "mode", at, false);
    if (mode != null) {
      try {
        q.mode(QuietHoursMode.valueOf(mode.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(at + ".mode: must be one of defer, suppress, send (was '" + mode + "')");
      }
    }
    if (n.has("maxDeferralHours")) q.maxDeferral(Duration.ofMinutes(Math.round(number(n, "maxDeferralHours", at) * 60)));
    return q.build();
  }

  private static MessageTemplates templates(JsonNode n, String at, String defaultLanguage) {
    if (!n.isObject() || n.isEmpty()) throw new ConfigException(at + ": must map languages to templates");
    String lang = defaultLanguage != null ? defaultLanguage : n.fieldNames().next();
    MessageTemplates.Builder t = MessageTemplates.builder(lang);
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> language = it.next();
      String lat = at + "." + language.getKey();
      if (!language.getValue().isObject()) throw new ConfigException(lat + ": must map situations to texts");
      for (Iterator<Map.Entry<String, JsonNode>> s = language.getValue().fields(); s.hasNext(); ) {
        Map.Entry<String, JsonNode> variant = s.next();
        Situation situation;
        try {
          situation = Situation.valueOf(variant.getKey().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw new ConfigException(lat + "." + variant.getKey()
              + ": unknown situation (use default, open, after_hours, voicemail_left, busy)");
        }
        JsonNode text = variant.getValue();
        if (!text.isTextual() || text.asText().isBlank()) {
          throw new ConfigException(lat + "." + variant.getKey() + ": must be a non-empty string");
        }
        t.add(situation, language.getKey(), text.asText());
      }
    }
    try {
      return t.build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(at + ": " + e.getMessage());
    }
  }

  /** The built-in templates with {@code language} as the default one: it must be one they hold. */
  private static MessageTemplates builtInTemplates(String language, String at) {
    MessageTemplates defaults = MessageTemplates.defaults();
    MessageTemplates.Builder t = MessageTemplates.builder(language);
    for (Template template : defaults.all()) t.add(template.situation(), template.language(), template.text());
    try {
      return t.build();
    } catch (IllegalArgumentException e) {
      Set<String> held = new TreeSet<>();
      for (Template template : defaults.all()) held.add(template.language());
      throw new ConfigException(at + ": the built-in templates are in " + String.join(", ", held) + "; add "
          + "\"templates\" for '" + language + "'");
    }
  }

  private static OpeningHours hours(JsonNode n, String at) {
    if (!n.isObject()) throw new ConfigException(at + ": must map weekdays (mon..sun) to \"HH:MM-HH:MM\" or \"closed\"");
    OpeningHours.Builder h = OpeningHours.builder();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String dat = at + "." + e.getKey();
      DayOfWeek day = day(e.getKey(), dat);
      String value = e.getValue().asText().trim();
      if (value.equalsIgnoreCase("closed")) {
        h.closed(day);
        continue;
      }
      for (String range : value.split(",")) {
        String[] parts = range.trim().split("-");
        if (parts.length != 2) throw new ConfigException(dat + ": expected \"HH:MM-HH:MM\" or \"closed\", was '" + value + "'");
        try {
          h.open(day, time(parts[0].trim(), dat), time(parts[1].trim(), dat));
        } catch (IllegalArgumentException ex) {
          throw new ConfigException(dat + ": " + ex.getMessage());
        }
      }
    }
    try {
      return h.build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(at + ": " + e.getMessage());
    }
  }

  /** Rejects keys this file format does not know: a misspelt key must not be silently ignored. */
  private static void onlyKnown(JsonNode n, String at, String... known) {
    java.util.Set<String> allowed = java.util.Set.of(known);
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw new ConfigException((at.isEmpty() ? "" : at + ".") + name + ": unknown setting (known here: "
            + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
      }
    }
  }

  private static DayOfWeek day(String key, String at) {
    String k = key.toLowerCase(Locale.ROOT);
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().toLowerCase(Locale.ROOT).startsWith(k) && k.length() >= 3) return d;
    }
    throw new ConfigException(at + ": not a weekday (use mon, tue, wed, thu, fri, sat, sun)");
  }

  private static LocalTime time(String s, String at) {
    try {
      return s.equals("24:00") ? LocalTime.MAX : LocalTime.parse(s);
    } catch (DateTimeParseException e) {
      throw new ConfigException(at + ": not a time of day (HH:MM): '" + s + "'");
    }
  }

  private static PhoneNumber phone(String raw, String at, String region) {
    try {
      return PhoneNumbers.require(raw, region);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(at + ": " + e.getMessage());
    }
  }

  private static String text(JsonNode n, String field, String at, boolean required) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      if (required) throw new ConfigException(at + "." + field + ": required");
      return null;
    }
    if (!v.isTextual() || v.asText().isBlank()) throw new ConfigException(at + "." + field + ": must be a non-empty string");
    return v.asText();
  }

  /** Bounded, so hours or seconds turned into a duration cannot overflow it (and fail with no field named). */
  private static final double MAX_NUMBER = 1_000_000_000;

  private static double number(JsonNode n, String field, String at) {
    JsonNode v = n.get(field);
    if (v == null || !v.isNumber() || !(v.asDouble() >= 0 && v.asDouble() <= MAX_NUMBER)) {
      throw new ConfigException(at + "." + field + ": must be a number from 0 to 1,000,000,000");
    }
    return v.asDouble();
  }
}
