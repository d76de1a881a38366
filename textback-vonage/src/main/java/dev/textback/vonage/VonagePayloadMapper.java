package dev.textback.vonage;

import dev.textback.call.CallEvent;
import dev.textback.call.CallOutcome;
import dev.textback.call.Voicemail;
import dev.textback.carrier.WebhookCall;
import dev.textback.carrier.WebhookParams;
import dev.textback.message.DeliveryReceipt;
import dev.textback.message.DeliveryStatus;
import dev.textback.message.InboundMessage;
import dev.textback.message.PermanentFailureReason;
import dev.textback.phone.CarrierId;
import dev.textback.phone.PhoneNumber;
import dev.textback.vonage.internal.JsonFields;
import dev.textback.webhook.MalformedWebhookException;
import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookVerificationException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps Vonage webhook payloads to core's call, message and receipt values. Pure functions of the payload and
 * the time; everything Vonage-specific about reading a payload lives here: JSON bodies, query strings and forms
 * alike become {@link WebhookParams} (nested JSON names joined with dots: {@code sms.keyword}), numbers arrive
 * as digits without {@code +}, and the literal {@code null} of a query string means absent.
 *
 * @see VonageWebhooks for which webhook decides a call
 */
final class VonagePayloadMapper {
  static final CarrierId CARRIER = VonageCarrier.ID;
  private static final String FORM = "application/x-www-form-urlencoded";

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(VonagePayloadMapper.class);

  private VonagePayloadMapper() {}

  /**
   * The payload of a webhook, from where its signature was checked ({@link VonagePayloadSource}): a POST's JSON
   * or form body, or the query of a GET without a body. A POST's query is never read.
   *
   * @throws MalformedWebhookException when the body is not JSON or a form, or cannot be decoded
   * @throws WebhookVerificationException for any other method, or a GET with a body
   */
  static WebhookParams params(WebhookCall call) {
    WebhookRequest request = call.request();
    if (VonagePayloadSource.of(request) == VonagePayloadSource.QUERY) return withoutNullText(call.query());
    if (request.bodyLength() == 0) return WebhookParams.empty();
    String type = request.contentType();
    if (type.equals("application/json")) return of(JsonFields.read(request.body()));
    if (type.isEmpty() || type.equals(FORM)) return withoutNullText(WebhookParams.of(request.formParameters()));
    throw new MalformedWebhookException("expected a JSON or form body, got " + type);
  }

  /** Vonage writes a missing value as the text {@code null} in query strings and forms. */
  private static WebhookParams withoutNullText(WebhookParams p) {
    Map<String, String> out = new LinkedHashMap<>();
    p.firstValues().forEach((k, v) -> {
      if (!v.equals("null")) out.put(k, v);
    });
    return of(out);
  }

  private static WebhookParams of(Map<String, String> values) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    values.forEach((k, v) -> m.put(k, List.of(v)));
    return WebhookParams.of(m);
  }

  // ---- voice ----

  /** The Vonage number a call or text reached ({@code to}). */
  static PhoneNumber dialled(WebhookParams p) {
    return phoneNumber(p, "to");
  }

  /** The call's id: its {@code conversation_uuid}, shared by the caller's leg and the forwarded leg. */
  static String conversation(WebhookParams p) {
    return p.requireId("conversation_uuid");
  }

  /**
   * How the forwarded (connect) leg ended, from its {@code status}; empty for a state that is not an end
   * ({@code started}, {@code ringing}, {@code answered}…).
   */
  static Optional<CallOutcome> missedOutcome(String status) {
    return Optional.ofNullable(switch (status) {
      case "unanswered", "timeout" -> CallOutcome.NO_ANSWER;
      case "busy" -> CallOutcome.BUSY;
      case "rejected" -> CallOutcome.REJECTED;
      case "failed" -> CallOutcome.FAILED;
      case "cancelled" -> CallOutcome.CANCELED;
      default -> null;
    });
  }

  /**
   * A call event.
   *
   * @param callId the conversation
   * @param dialled the Vonage number called
   * @param caller who called, as Vonage reported it (digits get their {@code +})
   */
  static CallEvent.Builder call(WebhookParams p, String callId, PhoneNumber dialled, String caller, Instant now) {
    return CallEvent.builder()
        .carrier(CARRIER)
        .callId(WebhookParams.checkId("conversation_uuid", callId))
        .dialled(dialled)
        .caller(callerText(caller))
        .startedAt(now)
        .attributes(p.firstValues());
  }

  /**
   * The call a {@code record} event reports on: a voicemail when anything was recorded, otherwise the missed
   * outcome that led to the recording.
   */
  static CallEvent recording(WebhookParams p, String callId, PhoneNumber dialled, String caller, CallOutcome missed,
      Instant now) {
    long bytes = p.get("size").map(VonagePayloadMapper::longOrZero).orElse(0L);
    Duration length = between(p.get("start_time"), p.get("end_time"));
    CallEvent.Builder b = call(p, callId, dialled, caller, now);
    if (bytes > 0 || !length.isZero()) {
      return b.outcome(CallOutcome.VOICEMAIL)
          .voicemail(new Voicemail(true, length, p.get("recording_url").filter(VonagePayloadMapper::isVonageFile)
              .orElse(null)))
          .build();
    }
    return b.outcome(missed).build();
  }

  /**
   * Whether a {@code recording_url} is on Vonage's own hosts ({@code https}, a host under {@code .nexmo.com} or
   * {@code .vonage.com}, as Vonage's Java SDK requires before it downloads one with the application's JWT): a
   * URL elsewhere is not passed on, so nothing downstream sends credentials to whoever wrote it.
   */
  static boolean isVonageFile(String url) {
    try {
      java.net.URI uri = new java.net.URI(url.trim());
      String host = uri.getHost();
      boolean ok = "https".equalsIgnoreCase(uri.getScheme()) && uri.getRawUserInfo() == null && host != null
          && (host.toLowerCase(java.util.Locale.ROOT).endsWith(".nexmo.com")
              || host.toLowerCase(java.util.Locale.ROOT).endsWith(".vonage.com"));
      if (!ok) log.warn("Vonage recording_url is not on a Vonage host; the voicemail is kept without it");
      return ok;
    } catch (java.net.URISyntaxException e) {
      log.warn("Vonage recording_url is not a URL; the voicemail is kept without it");
      return false;
    }
  }

  // ---- messages ----

  /** The content objects of an inbound MMS that carry a media URL, and may carry a caption. */
  private static final List<String> MMS_CONTENT = List.of("image", "video", "audio", "file", "vcard");

  /**
   * A Messages API inbound SMS or MMS (a caller's photo, or a long or group text their phone sent as MMS), or empty
   * when it is another channel or its sender is not a phone number (an alphanumeric sender): nobody a text-back
   * could answer. An MMS's text is its {@code text}, else its content's caption; its content's URL is its media.
   *
   * @throws MalformedWebhookException when {@code message_uuid} or {@code to} is missing or unusable
   */
  static Optional<InboundMessage> inboundMessage(WebhookParams p, Instant now) {
    String id = p.requireId("message_uuid");
    String channel = p.get("channel").orElse("sms");
    if (!channel.equals("sms") && !channel.equals("mms")) return Optional.empty();
    PhoneNumber to = phoneNumber(p, "to");
    Optional<PhoneNumber> from = phone(p.require("from"));
    if (from.isEmpty()) return Optional.empty();
    String text = p.get("text").orElse("");
    List<String> media = new ArrayList<>();
    for (String content : MMS_CONTENT) {
      p.get(content + ".url").ifPresent(media::add);
      if (text.isEmpty()) text = p.get(content + ".caption").orElse("");
    }
    return Optional.of(new InboundMessage(CARRIER, id, from.get(), to, text, media, now, null));
  }

  /** A Messages API status webhook as a receipt; empty for a status that says nothing about delivery. */
  static Optional<DeliveryReceipt> messageStatus(WebhookParams p, Instant now) {
    String id = p.requireId("message_uuid");
    Optional<DeliveryStatus> status = switch (p.require("status")) {
      case "submitted" -> Optional.of(DeliveryStatus.SENT);
      case "delivered", "read" -> Optional.of(DeliveryStatus.DELIVERED);
      case "rejected" -> Optional.of(DeliveryStatus.FAILED);
      case "undeliverable" -> Optional.of(DeliveryStatus.UNDELIVERED);
      default -> Optional.empty();
    };
    Optional<String> code = errorCode(p);
    return status.map(s -> new DeliveryReceipt(CARRIER, id, s, code.orElse(null), now,
        s.isFinalFailure() ? code.flatMap(VonageErrorClassifier::messagesReason).orElse(null) : null));
  }

  /**
   * A status webhook's error code: {@code error.title} when it is the number (as Vonage's samples send it),
   * else the fragment of {@code error.type} ({@code …/api-errors/messages#1240} → {@code 1240}), since the
   * title may instead be words ({@code Illegal Number}).
   */
  private static Optional<String> errorCode(WebhookParams p) {
    Optional<String> title = p.get("error.title").map(String::trim)
        .filter(t -> !t.isEmpty() && t.length() <= 16 && t.chars().allMatch(c -> c >= '0' && c <= '9'));
    if (title.isPresent()) return title;
    return p.get("error.type").flatMap(type -> {
      int hash = type.lastIndexOf('#');
      return hash < 0 ? Optional.empty() : Optional.of(type.substring(hash + 1).trim());
    }).filter(VonagePayloadMapper::isCode);
  }

  // ---- SMS API ----

  /** The sender of an SMS API inbound message ({@code msisdn}), or empty when it is not a phone number. */
  static Optional<PhoneNumber> smsSender(WebhookParams p) {
    return phone(p.require("msisdn"));
  }

  /** An SMS API inbound message with the given (possibly reassembled) text. */
  static InboundMessage smsInbound(WebhookParams p, String messageId, PhoneNumber from, String text, Instant now) {
    return new InboundMessage(CARRIER, WebhookParams.checkId("messageId", messageId), from, phoneNumber(p, "to"),
        text, List.of(), now, null);
  }

  /** An SMS API delivery receipt; empty for a status that says nothing yet. */
  static Optional<DeliveryReceipt> smsReceipt(WebhookParams p, Instant now) {
    String id = p.requireId("messageId");
    Optional<DeliveryStatus> status = switch (p.require("status")) {
      case "accepted", "buffered" -> Optional.of(DeliveryStatus.ACCEPTED);
      case "delivered" -> Optional.of(DeliveryStatus.DELIVERED);
      case "expired", "failed" -> Optional.of(DeliveryStatus.UNDELIVERED);
      case "rejected" -> Optional.of(DeliveryStatus.FAILED);
      default -> Optional.empty();
    };
    Optional<String> code = p.get("err-code").map(String::trim).filter(c -> isCode(c) && !c.equals("0"));
    return status.map(s -> new DeliveryReceipt(CARRIER, id, s, code.orElse(null), now,
        s.isFinalFailure() ? code.flatMap(VonageErrorClassifier::dlrReason).orElse(PermanentFailureReason.OTHER)
            : null));
  }

  // ---- numbers ----

  /**
   * A caller as the engine's rules should read it: Vonage's digits with a {@code +}; anything else (empty,
   * {@code Unknown}, a SIP user) as it came, for the rules to skip with a reason.
   */
  static String callerText(String raw) {
    String t = raw.trim();
    return !t.isEmpty() && t.chars().allMatch(c -> c >= '0' && c <= '9') ? "+" + t : t;
  }

  static PhoneNumber phoneNumber(WebhookParams p, String name) {
    return phone(p.require(name)).orElseThrow(() -> new MalformedWebhookException(name + " is not a phone number"));
  }

  /** An E.164 number from Vonage's digits (with or without {@code +}), or empty for anything else. */
  static Optional<PhoneNumber> phone(String raw) {
    try {
      return Optional.of(PhoneNumber.of(callerText(raw)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static boolean isCode(String s) {
    return !s.isEmpty() && s.length() <= 16 && s.chars().allMatch(Character::isLetterOrDigit);
  }

  private static long longOrZero(String s) {
    try {
      return Math.max(0, Long.parseLong(s.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static Duration between(Optional<String> start, Optional<String> end) {
    if (start.isEmpty() || end.isEmpty()) return Duration.ZERO;
    try {
      Duration d = Duration.between(Instant.parse(start.get()), Instant.parse(end.get()));
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return Duration.ZERO;
    }
  }
}
