package dev.textback.server;

import dev.textback.business.BusinessProfile;
import dev.textback.phone.PhoneNumber;
import dev.textback.rules.Reason;
import dev.textback.spi.CallActivity;
import dev.textback.spi.CallRecord;
import dev.textback.spi.CallerDirectory;
import dev.textback.spi.CallerInfo;
import dev.textback.spi.OutboxEntry;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner's call list as JSON: each call with its caller (and name, when the caller directory knows it), the
 * number called and what happened, as a status code for the page's styling and a sentence for the owner.
 */
final class CallListJson {
  private static final Logger log = LoggerFactory.getLogger(CallListJson.class);
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE MMM d, h:mm a", Locale.US);

  private final CallerDirectory directory;

  CallListJson(CallerDirectory directory) {
    this.directory = directory;
  }

  /** One call of the call list. */
  Map<String, Object> call(BusinessProfile business, CallActivity a) {
    CallRecord c = a.call();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", c.calledAt().toString());
    m.put("carrier", c.carrier());
    m.put("callId", c.callId());
    m.put("caller", c.caller() == null ? null : c.caller().e164());
    m.put("callerName", name(business, c.caller()));
    m.put("dialled", c.dialled().e164());
    m.put("callOutcome", c.outcome().name().toLowerCase(Locale.ROOT));
    m.put("reason", c.reason().name());
    Outcome o = outcome(business, a);
    m.put("status", o.status());
    m.put("summary", o.summary());
    OutboxEntry text = a.textBack().orElse(null);
    if (text != null) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("status", text.status().name().toLowerCase(Locale.ROOT));
      t.put("dueAt", text.dueAt().toString());
      t.put("sentAt", text.sentAt() == null ? null : text.sentAt().toString());
      t.put("deliveredAt", text.deliveredAt() == null ? null : text.deliveredAt().toString());
      t.put("error", text.lastError());
      m.put("text", t);
    } else {
      m.put("text", null);
    }
    m.put("conversationId", c.conversationId());
    m.put("repliedAt", a.callerRepliedAt().map(Instant::toString).orElse(null));
    m.put("calledBackAt", a.calledBackAt().map(Instant::toString).orElse(null));
    return m;
  }

  /** One caller of the "call these back" list. */
  Map<String, Object> callBack(BusinessProfile business, CallActivity a) {
    CallRecord c = a.call();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("caller", c.caller() == null ? null : c.caller().e164());
    m.put("callerName", name(business, c.caller()));
    m.put("calledAt", c.calledAt().toString());
    m.put("dialled", c.dialled().e164());
    m.put("callId", c.callId());
    Outcome o = outcome(business, a);
    m.put("status", o.status());
    m.put("summary", o.summary());
    m.put("conversationId", c.conversationId());
    return m;
  }

  /** The caller's name from the directory; a failing directory means "unknown", as it does for the engine. */
  String name(BusinessProfile business, PhoneNumber caller) {
    if (caller == null) return null;
    try {
      return directory.lookup(business, caller).map(CallerInfo::name).orElse(null);
    } catch (RuntimeException e) {
      log.warn("caller directory failed for {}: {}", caller.masked(), e.toString());
      return null;
    }
  }

  /** What happened to a call: a code and the owner's sentence. */
  record Outcome(String status, String summary) {}

  static Outcome outcome(BusinessProfile business, CallActivity a) {
    CallRecord c = a.call();
    Reason r = c.reason();
    if (r == Reason.SKIPPED_ANSWERED) return new Outcome("answered", "Answered");
    if (r == Reason.SKIPPED_OPTED_OUT) return new Outcome("opted_out", "Not texted: the caller has opted out of texts");
    if (r.isSkip()) return new Outcome("skipped", "Not texted: " + skipReason(r, c.detail()));
    Optional<OutboxEntry> maybeText = a.textBack();
    if (maybeText.isEmpty()) return new Outcome("texted", "Texted");
    OutboxEntry t = maybeText.get();
    return switch (t.status()) {
      case DELIVERED -> new Outcome("delivered", "Texted, delivered");
      case SENT -> new Outcome("sent", "Texted, waiting for the carrier's delivery report");
      case FAILED -> new Outcome("failed", "Text failed" + (t.lastError() == null ? "" : ": " + t.lastError()));
      case CANCELED -> new Outcome("canceled", "Text withdrawn" + (t.lastError() == null ? "" : ": " + t.lastError()));
      case EXPIRED -> new Outcome("expired", "Held text expired unsent");
      case PENDING -> pending(business, r, t);
    };
  }

  private static Outcome pending(BusinessProfile business, Reason r, OutboxEntry t) {
    String until = WHEN.format(ZonedDateTime.ofInstant(t.dueAt(), business.zone()));
    if (r == Reason.DEFERRED_QUIET_HOURS) return new Outcome("held", "Held for quiet hours until " + until);
    if (t.totalAttempts() > 0) {
      return new Outcome("retrying", "Sending failed, retrying at " + until
          + (t.lastError() == null ? "" : " (" + t.lastError() + ")"));
    }
    if (r == Reason.DELAYED) return new Outcome("queued", "Waiting for the send delay, until " + until);
    return new Outcome("queued", "Queued to send");
  }

  /** A skip reason in the owner's words. */
  static String skipReason(Reason r, String detail) {
    return switch (r) {
      case SKIPPED_OUTCOME_NOT_COUNTED -> "this kind of call end is not texted";
      case SKIPPED_SHORT_RING -> "it rang too briefly";
      case SKIPPED_UNKNOWN_BUSINESS_NUMBER -> "the number called belongs to no business";
      case SKIPPED_ANONYMOUS_CALLER -> "the caller withheld their number";
      case SKIPPED_INVALID_CALLER -> "the caller's number is not valid";
      case SKIPPED_SHORT_CODE_CALLER -> "the caller is a short code";
      case SKIPPED_UNTEXTABLE_LINE_TYPE -> "the caller's line cannot take texts (toll-free, premium-rate, pager…)";
      case SKIPPED_IGNORED_CALLER -> "the caller is on the ignore list";
      case SKIPPED_OWN_NUMBER -> "the call came from the business's own number";
      case SKIPPED_OPTED_OUT -> "the caller has opted out of texts";
      case SKIPPED_UNREACHABLE_NUMBER -> "earlier texts to this number failed (landline or blocked)";
      case SKIPPED_COOLDOWN -> "already texted recently (cooldown)";
      case SKIPPED_QUIET_HOURS -> "quiet hours (texts are not sent then)";
      case SKIPPED_BY_RULE -> "a custom rule: " + detail;
      case SKIPPED_ANSWERED -> "answered";
      default -> r.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    };
  }
}
