package dev.textback.twilio;

import dev.textback.call.CallEvent;
import dev.textback.call.CallOutcome;
import dev.textback.call.Voicemail;
import dev.textback.message.DeliveryReceipt;
import dev.textback.message.DeliveryStatus;
import dev.textback.message.InboundMessage;
import dev.textback.phone.PhoneNumber;
import dev.textback.carrier.WebhookParams;
import dev.textback.phone.CarrierId;
import dev.textback.webhook.MalformedWebhookException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Maps Twilio webhook parameters to core's call, message and receipt values. Pure functions of the
 * parameters and the time; everything Twilio-specific about reading a payload lives here.
 *
 * @see TwilioWebhooks for which webhook decides a call
 */
final class TwilioPayloadMapper {
  static final CarrierId CARRIER = TwilioCarrier.ID;

  /** Query parameters the adapter adds to callback URLs it hands Twilio in TwiML. */
  static final String QUERY_OUTCOME = "outcome";
  static final String QUERY_CALL = "call";
  static final String QUERY_DIALLED = "dialled";
  static final String QUERY_CALLER = "caller";

  /** Twilio sends at most ten media items per message. */
  private static final int MAX_MEDIA = 10;

  private TwilioPayloadMapper() {}

  /** The business number a call or text reached ({@code To}). */
  static PhoneNumber dialled(WebhookParams p) {
    return phoneNumber(p, "To");
  }

  /**
   * How a {@code <Dial>} to the business ended, from its action callback. {@code DialBridged=false} means
   * the caller was never connected, whatever the status says (e.g. a screened call nobody accepted).
   *
   * @throws MalformedWebhookException when {@code DialCallStatus} is missing or unknown
   */
  static CallOutcome dialOutcome(WebhookParams p) {
    String status = p.require("DialCallStatus");
    boolean notBridged = p.get("DialBridged").map(v -> v.equalsIgnoreCase("false")).orElse(false);
    switch (status) {
      case "completed":
      case "answered":
        return notBridged ? CallOutcome.NO_ANSWER : CallOutcome.ANSWERED;
      case "no-answer":
        return CallOutcome.NO_ANSWER;
      case "busy":
        return CallOutcome.BUSY;
      case "failed":
        return CallOutcome.FAILED;
      case "canceled":
        return CallOutcome.CANCELED;
      default:
        throw new MalformedWebhookException("unknown DialCallStatus " + status);
    }
  }

  /** A call event from the standard voice parameters ({@code CallSid}, {@code To}, {@code From}). */
  static CallEvent call(WebhookParams p, CallOutcome outcome, Instant now) {
    return event(p, p.require("CallSid"), dialled(p), p.get("From").orElse(""), now).outcome(outcome).build();
  }

  /**
   * The call a {@code <Record>} action reports on: a voicemail when anything was recorded, otherwise the
   * missed outcome that led to the recording.
   */
  static CallEvent recording(WebhookParams p, CallOutcome missed, Instant now) {
    int seconds = p.integer("RecordingDuration").orElse(0);
    CallEvent.Builder b = event(p, p.require("CallSid"), dialled(p), p.get("From").orElse(""), now);
    if (seconds > 0) {
      return b.outcome(CallOutcome.VOICEMAIL)
          .voicemail(new Voicemail(true, Duration.ofSeconds(seconds), p.get("RecordingUrl").orElse(null)))
          .build();
    }
    return b.outcome(missed).build();
  }

  /**
   * The call a voice status callback reports on, or empty when it decides nothing: a progress event, a
   * forwarded leg's own status, or a human answer found by answering-machine detection.
   *
   * <p>An {@code AnsweredBy} of {@code machine_*} is the business phone's voicemail answering the forwarded
   * leg: a {@link CallOutcome#VOICEMAIL}. Such callbacks concern the forwarded leg, so the adapter put the
   * original call's id, dialled number and caller into the callback URL ({@code query}).
   *
   * <p>The incoming call's final status decides only calls nothing else decided before (the engine keeps
   * the first decision): {@code completed} then means the caller hung up before the business answered
   * ({@link CallOutcome#CANCELED}, rang for the call's duration), or, for a number that forwards nowhere, a
   * call the business had already missed ({@link CallOutcome#NO_ANSWER}).
   *
   * @param forwards whether a dialled number rings a business phone
   */
  static Optional<CallEvent> callStatus(WebhookParams p, WebhookParams query, Predicate<PhoneNumber> forwards, Instant now) {
    Optional<String> answeredBy = p.get("AnsweredBy");
    if (answeredBy.isPresent()) {
      if (!answeredBy.get().startsWith("machine_")) return Optional.empty();
      String callId = query.get(QUERY_CALL).or(() -> p.get("ParentCallSid")).orElseGet(() -> p.require("CallSid"));
      PhoneNumber dialled = query.get(QUERY_DIALLED).isPresent() ? phoneNumber(query, QUERY_DIALLED) : dialled(p);
      String caller = query.get(QUERY_CALLER).or(() -> p.get("From")).orElse("");
      return Optional.of(event(p, callId, dialled, caller, now).outcome(CallOutcome.VOICEMAIL).build());
    }
    if (p.get("ParentCallSid").isPresent()) return Optional.empty();
    String status = p.require("CallStatus");
    Duration length = Duration.ofSeconds(Math.max(0, p.integer("CallDuration").orElse(0)));
    CallOutcome outcome;
    switch (status) {
      case "completed":
        outcome = forwards.test(dialled(p)) ? CallOutcome.CANCELED : CallOutcome.NO_ANSWER;
        break;
      case "canceled":
        outcome = CallOutcome.CANCELED;
        break;
      case "busy":
        outcome = CallOutcome.BUSY;
        break;
      case "no-answer":
        outcome = CallOutcome.NO_ANSWER;
        break;
      case "failed":
        outcome = CallOutcome.FAILED;
        break;
      default:
        return Optional.empty();
    }
    return Optional.of(event(p, p.require("CallSid"), dialled(p), p.get("From").orElse(""), now.minus(length))
        .endedAt(now)
        .ringDuration(length)
        .outcome(outcome)
        .build());
  }

  /**
   * A text from a caller, or empty when its sender is not a phone number (a short code, an alphanumeric
   * sender, a WhatsApp address): nobody a text-back could answer.
   *
   * @throws MalformedWebhookException when {@code From} or {@code To} is not a phone number, or the
   *     message id is missing
   */
  static Optional<InboundMessage> inboundMessage(WebhookParams p, Instant now) {
    String messageId = messageId(p);
    // The sender first: a WhatsApp message has a channel address in To as well, and is ignored, not refused.
    Optional<PhoneNumber> from = phone(p.require("From"));
    if (from.isEmpty()) return Optional.empty();
    PhoneNumber to = phoneNumber(p, "To");
    int mediaCount = Math.min(Math.max(0, p.integer("NumMedia").orElse(0)), MAX_MEDIA);
    List<String> media = new ArrayList<>();
    for (int i = 0; i < mediaCount; i++) p.get("MediaUrl" + i).ifPresent(media::add);
    String optOut = p.get("OptOutType").map(v -> v.trim().toUpperCase(Locale.ROOT)).orElse(null);
    return Optional.of(new InboundMessage(CARRIER, messageId, from.get(), to, p.get("Body").orElse(""), media, now,
        optOut));
  }

  private static String messageId(WebhookParams p) {
    String id = p.get("MessageSid").or(() -> p.get("SmsSid")).orElseThrow(
        () -> new MalformedWebhookException("missing parameter MessageSid"));
    return WebhookParams.checkId("MessageSid", id);
  }

  /**
   * A delivery report on an outbound text, or empty for statuses that say nothing about an outbound text
   * ({@code receiving}, {@code received}) or that Twilio has not documented. A failed delivery carries what
   * its {@code ErrorCode} means for the number (a landline, an opt-out…), so core can remember it.
   */
  static Optional<DeliveryReceipt> deliveryReceipt(WebhookParams p, Instant now) {
    String messageId = messageId(p);
    String status = p.get("MessageStatus").or(() -> p.get("SmsStatus")).orElseThrow(
        () -> new MalformedWebhookException("missing parameter MessageStatus"));
    Optional<String> errorCode = p.get("ErrorCode");
    return deliveryStatus(status).map(s -> new DeliveryReceipt(CARRIER, messageId, s, errorCode.orElse(null), now,
        s.isFinalFailure() ? errorCode.flatMap(TwilioErrorClassifier::permanentReason).orElse(null) : null));
  }

  static Optional<DeliveryStatus> deliveryStatus(String messageStatus) {
    switch (messageStatus) {
      case "accepted":
      case "scheduled":
      case "queued":
      case "sending":
        return Optional.of(DeliveryStatus.ACCEPTED);
      case "sent":
        return Optional.of(DeliveryStatus.SENT);
      case "delivered":
      case "read":
        return Optional.of(DeliveryStatus.DELIVERED);
      case "undelivered":
        return Optional.of(DeliveryStatus.UNDELIVERED);
      case "failed":
      case "canceled":
        return Optional.of(DeliveryStatus.FAILED);
      default:
        return Optional.empty();
    }
  }

  private static CallEvent.Builder event(WebhookParams p, String callId, PhoneNumber dialled, String caller,
      Instant startedAt) {
    return CallEvent.builder()
        .carrier(CARRIER)
        .callId(WebhookParams.checkId("CallSid", callId))
        .dialled(dialled)
        .caller(caller)
        .callerName(p.get("CallerName").orElse(null))
        .startedAt(startedAt)
        .attributes(p.firstValues());
  }

  private static PhoneNumber phoneNumber(WebhookParams p, String name) {
    return phone(p.require(name)).orElseThrow(() -> new MalformedWebhookException(name + " is not a phone number"));
  }

  /** A phone number, or empty for a short code, an alphanumeric sender or a channel address. */
  private static Optional<PhoneNumber> phone(String raw) {
    try {
      return Optional.of(PhoneNumber.of(raw.trim()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
