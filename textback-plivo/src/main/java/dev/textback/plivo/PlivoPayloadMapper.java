package dev.textback.plivo;

import dev.textback.call.CallEvent;
import dev.textback.call.CallOutcome;
import dev.textback.call.Voicemail;
import dev.textback.carrier.WebhookParams;
import dev.textback.message.DeliveryReceipt;
import dev.textback.message.DeliveryStatus;
import dev.textback.message.InboundMessage;
import dev.textback.phone.CarrierId;
import dev.textback.phone.PhoneNumber;
import dev.textback.webhook.MalformedWebhookException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Maps Plivo callback parameters to core's call, message and receipt values. Pure functions of the parameters
 * and the time; everything Plivo-specific about reading a payload lives here.
 *
 * <p>Plivo writes numbers as digits with the country code and no {@code +} ({@code 14155550100}); they are read
 * as E.164 by putting the {@code +} in front. A caller ID that is not digits ({@code anonymous}, a SIP URI) is
 * handed to the engine as it came, which skips the call with its reason.
 *
 * @see PlivoWebhooks for which callback decides a call
 */
final class PlivoPayloadMapper {
  static final CarrierId CARRIER = PlivoCarrier.ID;

  /** Query parameter the adapter adds to the record URL it hands Plivo: how the call was missed. */
  static final String QUERY_OUTCOME = "outcome";

  /** Media items read from one message at most. */
  private static final int MAX_MEDIA = 10;
  private static final Pattern DIGITS = Pattern.compile("[1-9][0-9]{6,14}");

  private PlivoPayloadMapper() {}

  /** The business number a call or text reached ({@code To}). */
  static PhoneNumber dialled(WebhookParams p) {
    return phoneNumber(p, "To");
  }

  /** The caller as E.164 when Plivo sent digits, else exactly as sent (empty when absent). */
  static String caller(WebhookParams p) {
    String raw = p.get("From").orElse("").trim();
    return phone(raw).map(PhoneNumber::e164).orElse(raw);
  }

  /** The A leg (the caller's call) a {@code <Dial>} action or event is about. */
  static String callerLeg(WebhookParams p) {
    Optional<String> aLeg = p.get("DialALegUUID");
    return aLeg.isPresent() ? WebhookParams.checkId("DialALegUUID", aLeg.get()) : p.requireId("CallUUID");
  }

  /**
   * How a {@code <Dial>} to the business ended, from its action callback. An empty {@code DialBLegUUID} means
   * nobody picked up, whatever the status says.
   *
   * @throws MalformedWebhookException when {@code DialStatus} is missing or unknown
   */
  static CallOutcome dialOutcome(WebhookParams p) {
    String status = p.require("DialStatus").trim();
    boolean noBLeg = p.get("DialBLegUUID").isEmpty();
    switch (status) {
      case "completed":
      case "answer":
      case "in-progress":
        return noBLeg ? CallOutcome.NO_ANSWER : CallOutcome.ANSWERED;
      case "no-answer":
      case "timeout":
        return CallOutcome.NO_ANSWER;
      case "busy":
        return CallOutcome.BUSY;
      case "failed":
        return CallOutcome.FAILED;
      case "cancel":
        return CallOutcome.CANCELED;
      default:
        throw new MalformedWebhookException("unknown DialStatus " + status);
    }
  }

  /**
   * Whether a request to the dial route is a {@code callbackUrl} event rather than the {@code <Dial>} action: it
   * carries {@code DialBLegStatus} or {@code DialAction}, or an {@code Event} named {@code Dial…}
   * ({@code DialAnswer}, {@code DialConnected}, {@code DialHangup}, {@code DialDigitsMatch}).
   */
  static boolean dialEvent(WebhookParams p) {
    return p.get("DialBLegStatus").isPresent() || p.get("DialAction").isPresent()
        || p.get("Event").map(e -> e.trim().startsWith("Dial")).orElse(false);
  }

  /**
   * Whether a Dial {@code callbackUrl} event says the business's phone picked up ({@code DialAction=answer},
   * {@code Event=DialAnswer} or {@code DialBLegStatus=answer}). With call screening this is not yet the business:
   * a phone's own voicemail picks up the same way; see {@link #bLegConnected}.
   */
  static boolean bLegAnswered(WebhookParams p) {
    return is(p, "DialAction", "answer") || is(p, "Event", "DialAnswer")
        || is(p, "DialBLegStatus", "answer") && p.get("DialAction").isEmpty() && p.get("Event").isEmpty()
        || bLegConnected(p);
  }

  /**
   * Whether a Dial {@code callbackUrl} event says the business's leg was bridged to the caller
   * ({@code DialAction=connected} or {@code Event=DialConnected}): with screening, only after the confirm key.
   */
  static boolean bLegConnected(WebhookParams p) {
    return is(p, "DialAction", "connected") || is(p, "Event", "DialConnected");
  }

  private static boolean is(WebhookParams p, String name, String value) {
    return p.get(name).map(s -> s.trim().equalsIgnoreCase(value)).orElse(false);
  }

  /** A call event with {@code outcome} for the call {@code callId}. */
  static CallEvent call(WebhookParams p, String callId, CallOutcome outcome, Instant now) {
    return event(p, callId, now).outcome(outcome).build();
  }

  /**
   * The call a {@code <Record>} action reports on: a voicemail when anything was recorded, otherwise the missed
   * outcome that led to the recording.
   */
  static CallEvent recording(WebhookParams p, CallOutcome missed, Instant now) {
    int seconds = p.integer("RecordingDuration").orElse(0);
    CallEvent.Builder b = event(p, p.requireId("CallUUID"), now);
    if (seconds > 0) {
      return b.outcome(CallOutcome.VOICEMAIL)
          .voicemail(new Voicemail(true, Duration.ofSeconds(seconds), p.get("RecordUrl").orElse(null)))
          .build();
    }
    return b.outcome(missed).build();
  }

  /**
   * The call the hangup callback reports on, ended with {@code outcome}; it rang for the call's
   * {@code Duration}.
   */
  static CallEvent hangup(WebhookParams p, CallOutcome outcome, Instant now) {
    Duration length = Duration.ofSeconds(Math.max(0, p.integer("Duration").orElse(0)));
    return event(p, p.requireId("CallUUID"), now.minus(length)).endedAt(now).ringDuration(length).outcome(outcome)
        .build();
  }

  /** Whether a voice callback concerns a call the account placed rather than one it received. */
  static boolean outbound(WebhookParams p) {
    return p.get("Direction").map(d -> d.trim().equalsIgnoreCase("outbound")).orElse(false);
  }

  /**
   * An incoming message's {@code Type} in lower case: {@code sms} (the default when absent), {@code mms},
   * {@code whatsapp}.
   */
  static String messageType(WebhookParams p) {
    String type = p.get("Type").map(t -> t.trim().toLowerCase(Locale.ROOT)).orElse("");
    return type.isEmpty() ? "sms" : type;
  }

  /** Whether a message of {@code type} came over the phone network (SMS or MMS), where a text-back answers. */
  static boolean isText(String type) {
    return type.equals("sms") || type.equals("mms");
  }

  /**
   * A text from a caller, or empty when its sender is not a phone number (a short code, an alphanumeric
   * sender): nobody a text-back could answer. {@code MessageIntent} ({@code optout}, {@code optin},
   * {@code help}) is Plivo's own reading of opt-out keywords and becomes core's carrier classification.
   *
   * @throws MalformedWebhookException when {@code To} is not a phone number or the message id is missing
   */
  static Optional<InboundMessage> inboundMessage(WebhookParams p, Instant now) {
    String messageId = p.requireId("MessageUUID");
    PhoneNumber to = phoneNumber(p, "To");
    Optional<PhoneNumber> from = phone(p.require("From"));
    if (from.isEmpty()) return Optional.empty();
    String text = p.get("Text").or(() -> p.get("Body")).orElse("");
    int mediaCount = Math.min(Math.max(0, p.integer("MediaCount").orElse(0)), MAX_MEDIA);
    List<String> media = new ArrayList<>();
    for (int i = 0; i <= mediaCount && media.size() < mediaCount; i++) p.get("Media" + i).ifPresent(media::add);
    return Optional.of(new InboundMessage(CARRIER, messageId, from.get(), to, text, media, now,
        intent(p.get("MessageIntent").orElse(null))));
  }

  private static @Nullable String intent(@Nullable String messageIntent) {
    if (messageIntent == null) return null;
    switch (messageIntent.trim().toLowerCase(Locale.ROOT)) {
      case "optout":
        return "STOP";
      case "optin":
        return "START";
      case "help":
        return "HELP";
      default:
        return null;
    }
  }

  /**
   * A delivery report on an outbound text, or empty for statuses that say nothing about one. A failed delivery
   * carries what its {@code ErrorCode} means for the number (a landline, an opt-out…), so core can remember it.
   *
   * @throws MalformedWebhookException when {@code MessageUUID} or {@code Status} is missing
   */
  static Optional<DeliveryReceipt> deliveryReceipt(WebhookParams p, Instant now) {
    String messageId = p.requireId("MessageUUID");
    String status = p.require("Status").trim();
    Optional<String> errorCode = p.get("ErrorCode").map(String::trim);
    return deliveryStatus(status).map(s -> new DeliveryReceipt(CARRIER, messageId, s, errorCode.orElse(null), now,
        s.isFinalFailure() ? errorCode.flatMap(PlivoErrorClassifier::permanentReason).orElse(null) : null));
  }

  /** Where a report stands in Plivo's order of reports on one message ({@code Sequence}), when it says. */
  static Optional<Long> sequence(WebhookParams p) {
    Optional<String> v = p.get("Sequence");
    if (v.isEmpty()) return Optional.empty();
    try {
      return Optional.of(Long.parseLong(v.get().trim()));
    } catch (NumberFormatException e) {
      throw new MalformedWebhookException("Sequence is not a number");
    }
  }

  static Optional<DeliveryStatus> deliveryStatus(String status) {
    switch (status.toLowerCase(Locale.ROOT)) {
      case "queued":
        return Optional.of(DeliveryStatus.ACCEPTED);
      case "sent":
        return Optional.of(DeliveryStatus.SENT);
      case "delivered":
      case "read":
        return Optional.of(DeliveryStatus.DELIVERED);
      case "undelivered":
        return Optional.of(DeliveryStatus.UNDELIVERED);
      case "failed":
      case "rejected":
        return Optional.of(DeliveryStatus.FAILED);
      default:
        return Optional.empty();
    }
  }

  /** A number as Plivo writes it: digits with the country code, no {@code +} (one is accepted too). */
  static Optional<PhoneNumber> phone(String raw) {
    String s = raw.trim();
    if (s.startsWith("+")) s = s.substring(1);
    return DIGITS.matcher(s).matches() ? Optional.of(PhoneNumber.of("+" + s)) : Optional.empty();
  }

  /** A number as Plivo expects it in XML and the API: the E.164 digits without {@code +}. */
  static String plivoNumber(PhoneNumber number) {
    return number.e164().substring(1);
  }

  private static CallEvent.Builder event(WebhookParams p, String callId, Instant startedAt) {
    return CallEvent.builder()
        .carrier(CARRIER)
        .callId(WebhookParams.checkId("CallUUID", callId))
        .dialled(dialled(p))
        .caller(caller(p))
        .callerName(p.get("CallerName").orElse(null))
        .startedAt(startedAt)
        .attributes(p.firstValues());
  }

  private static PhoneNumber phoneNumber(WebhookParams p, String name) {
    return phone(p.require(name)).orElseThrow(() -> new MalformedWebhookException(name + " is not a phone number"));
  }
}
