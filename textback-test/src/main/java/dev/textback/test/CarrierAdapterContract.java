package dev.textback.test;

import dev.textback.TextBack;
import dev.textback.business.BusinessDirectory;
import dev.textback.business.BusinessNumber;
import dev.textback.business.BusinessProfile;
import dev.textback.carrier.Carrier;
import dev.textback.phone.PhoneNumber;
import dev.textback.spi.TextBackStore;
import dev.textback.store.InMemoryTextBackStore;
import dev.textback.webhook.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

/**
 * The behaviour every carrier adapter must show, as JUnit Jupiter tests: signatures, bad input, redelivered
 * webhooks, one text per missed call, opt-outs, delivery reports and the send API's failures. Extend it in your
 * adapter's test sources and supply your carrier's facts; the kit owns everything else (a real {@link TextBack}
 * engine on an {@link InMemoryTextBackStore}, one business on the dialled number, a clock set to a weekday
 * afternoon in the business's zone, and a {@link MockWebServer} standing in for the carrier's send API):
 *
 * <pre>{@code
 * class MyCarrierContractTest extends CarrierAdapterContract {
 *   protected Carrier newCarrier(String apiBaseUrl, Duration readTimeout) {
 *     return MyCarrier.create(MyConfig.builder().apiBaseUrl(apiBaseUrl).readTimeout(readTimeout)...build());
 *   }
 *   protected List<WebhookRequest> missedCall(MissedCall call, Signing signing) { ... }
 *   protected WebhookRequest inboundText(InboundText text, Signing signing) { ... }
 *   protected WebhookRequest deliveryReport(DeliveryReport report, Signing signing) { ... }
 *   protected WebhookRequest malformedInboundText(InboundText text, Malformation malformation) { ... }
 *   protected MockResponse accepted(String messageId) { ... }
 *   protected MockResponse refused(Refusal refusal) { ... }
 *   protected SentText sentText(RecordedRequest request) { ... }
 * }
 * }</pre>
 *
 * <p>The webhook hooks build requests exactly as the carrier sends them: its payload shapes (ideally from
 * fixture files of real payloads), its content type, its signature computed independently of the adapter's
 * verifier. The kit hands each request to the endpoint whose {@link dev.textback.carrier.CarrierWebhooks#byPath()}
 * path the request URL's path ends with, so sign URLs ending in {@code /webhooks/{carrier}/{route}}. Each test
 * gets a new engine, store, carrier and fake API; a few tests build a second engine on the same store, as a
 * second instance behind a load balancer would be, and a few take the store down for one request (a text or a
 * report must then be answered with a 5xx, so the carrier redelivers it). The engines are not started: the kit
 * runs their due work on the test's thread. An answer nobody queued on the fake API is a 404, so a stray
 * request shows at once.
 */
public abstract class CarrierAdapterContract {
  /** The caller in every scenario. */
  static final PhoneNumber CALLER = PhoneNumber.of("+12015550123");
  /** The business number callers dial, which texts are sent from. */
  static final PhoneNumber BUSINESS_NUMBER = PhoneNumber.of("+12025550182");
  /** The business's own phone, where calls to its number ring. */
  static final PhoneNumber BUSINESS_PHONE = PhoneNumber.of("+12125550147");
  /** Tuesday 10 March 2026, 15:00 in New York (EDT): inside opening hours, outside quiet hours. */
  static final Instant START = Instant.parse("2026-03-10T19:00:00Z");
  static final String BUSINESS_NAME = "Harbor Plumbing";
  /** How long the kit's carrier waits for an answer, except in the read-timeout test. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  private KitClock clock;
  private MockWebServer api;
  private TextBackStore store;
  private StoreOutage outage;
  private EngineEvents events;
  private ContextCalls contextCalls;
  private KitInstance main;
  private final List<KitInstance> instances = new ArrayList<>();
  private final List<Carrier> extraCarriers = new ArrayList<>();

  // ---- what an adapter supplies -------------------------------------------------------------------------

  /**
   * A new carrier whose gateway sends to {@code apiBaseUrl} (the fake API, {@code http://127.0.0.1:port/}) and
   * gives up waiting for an answer after {@code readTimeout}, and whose webhooks accept what the builders below
   * sign with {@link Signing#VALID}. Called once per engine, and for a few send tests.
   */
  protected abstract Carrier newCarrier(String apiBaseUrl, Duration readTimeout) throws Exception;

  /** Frees a carrier after its test (every one {@link #newCarrier} returned); closes it when it is closeable. */
  protected void release(Carrier carrier) throws Exception {
    if (carrier instanceof AutoCloseable closeable) closeable.close();
  }

  /**
   * Every webhook the carrier sends, in order, for {@code call}: a call to the business number that rang at the
   * business's phone ({@link MissedCall#forwardedTo()}, which the business profile names) until it rang out
   * unanswered. Each is signed as {@code signing} says.
   */
  protected abstract List<WebhookRequest> missedCall(MissedCall call, Signing signing);

  /** The webhook of a text from a caller to the business number, signed as {@code signing} says. */
  protected abstract WebhookRequest inboundText(InboundText text, Signing signing);

  /** The webhook of the carrier's final delivery report on a text it accepted, signed as {@code signing} says. */
  protected abstract WebhookRequest deliveryReport(DeliveryReport report, Signing signing);

  /**
   * The inbound-text webhook for {@code text}, broken as {@code malformation} says, and signed the carrier's way
   * wherever the signature scheme can sign it, so that what is refused is the payload, not the signature.
   */
  protected abstract WebhookRequest malformedInboundText(InboundText text, Malformation malformation);

  /**
   * The carrier's answer to a send it accepted as {@code messageId}: its status, content type and body, with
   * {@code messageId} verbatim where the carrier puts its message id. The gateway's
   * {@link dev.textback.spi.SendReceipt} must return exactly that id: the carrier's delivery reports name it.
   */
  protected abstract MockResponse accepted(String messageId);

  /**
   * The carrier's answer when it refuses a send as {@code refusal} says, with {@link Refusal#status()} and the
   * carrier's own error body and code. For {@link Refusal#RATE_LIMITED} the kit sets {@code Retry-After} itself.
   */
  protected abstract MockResponse refused(Refusal refusal);

  /** Reads the numbers and text out of one send request the gateway made to the fake API. */
  protected abstract SentText sentText(RecordedRequest request);

  // ---- the values the hooks receive -------------------------------------------------------------------------

  /** How a webhook is signed. */
  public enum Signing {
    /** Signed as the carrier signs, with the secrets {@link #newCarrier} configures. */
    VALID,
    /** Signed the carrier's way, but with a secret that is not the account's: a forgery. */
    FORGED,
    /** The carrier's signature left out (header or field stripped). */
    MISSING,
    /** Signed validly, then one value of the payload changed (a sender's number, say), keeping the signature. */
    TAMPERED
  }

  /** How an inbound-text webhook is broken. */
  public enum Malformation {
    /** A body that cannot be decoded in the carrier's format: a broken percent escape in a form, cut-off JSON. */
    NOT_DECODABLE,
    /** A well-formed body in a format the carrier does not use for this webhook, labelled as such. */
    WRONG_CONTENT_TYPE,
    /** The carrier's format, without the message id the webhook cannot do without. */
    MISSING_MESSAGE_ID
  }

  /** How the carrier's send API refuses a text. */
  public enum Refusal {
    /** 400: the recipient is not a valid phone number (the carrier's error code for that). */
    INVALID_NUMBER(400),
    /** 401: the credentials were rejected. */
    UNAUTHORIZED(401),
    /** 429: too many requests. */
    RATE_LIMITED(429),
    /** 500: the carrier failed after taking the request. */
    SERVER_ERROR(500);

    private final int status;

    Refusal(int status) {
      this.status = status;
    }

    /** The HTTP status of the refusal. */
    public int status() {
      return status;
    }
  }

  /**
   * A call that rang out unanswered.
   *
   * @param callId the kit's id for the call, 32 lowercase hex digits; use it as the carrier's call id, or derive
   *     one from it one-to-one (the same call id for the same value, another for another)
   * @param caller who called
   * @param dialled the business number they dialled
   * @param forwardedTo the business's phone the call rang at
   * @param at when the carrier sends the webhooks, by the engine's clock (for time-bound signatures)
   */
  public record MissedCall(String callId, PhoneNumber caller, PhoneNumber dialled, PhoneNumber forwardedTo,
      Instant at) {
    public MissedCall {
      Objects.requireNonNull(callId, "callId == null");
      Objects.requireNonNull(caller, "caller == null");
      Objects.requireNonNull(dialled, "dialled == null");
      Objects.requireNonNull(forwardedTo, "forwardedTo == null");
      Objects.requireNonNull(at, "at == null");
    }
  }

  /**
   * A text from a caller.
   *
   * @param messageId the kit's id for the message, 32 lowercase hex digits; use it as the carrier's message id,
   *     or derive one from it one-to-one
   * @param from the caller
   * @param to the business number
   * @param body the text, exactly
   * @param at when the carrier sends the webhook, by the engine's clock
   */
  public record InboundText(String messageId, PhoneNumber from, PhoneNumber to, String body, Instant at) {
    public InboundText {
      Objects.requireNonNull(messageId, "messageId == null");
      Objects.requireNonNull(from, "from == null");
      Objects.requireNonNull(to, "to == null");
      Objects.requireNonNull(body, "body == null");
      Objects.requireNonNull(at, "at == null");
    }
  }

  /**
   * A delivery report on a text the carrier accepted.
   *
   * @param messageId the carrier's message id, as {@link #accepted} put it in the send API's answer
   * @param from the business number the text came from
   * @param to the caller it went to
   * @param delivered true when the handset received it; false when the carrier gave up (the handset unreachable)
   * @param at when the carrier sends the webhook, by the engine's clock
   */
  public record DeliveryReport(String messageId, PhoneNumber from, PhoneNumber to, boolean delivered, Instant at) {
    public DeliveryReport {
      Objects.requireNonNull(messageId, "messageId == null");
      Objects.requireNonNull(from, "from == null");
      Objects.requireNonNull(to, "to == null");
      Objects.requireNonNull(at, "at == null");
    }
  }

  /**
   * What one send request to the carrier's API asked for.
   *
   * @param from the sender number in the request
   * @param to the recipient number in the request
   * @param body the text in the request
   */
  public record SentText(PhoneNumber from, PhoneNumber to, String body) {
    public SentText {
      Objects.requireNonNull(from, "from == null");
      Objects.requireNonNull(to, "to == null");
      Objects.requireNonNull(body, "body == null");
    }
  }

  // ---- the kit's own set-up ---------------------------------------------------------------------------------

  @BeforeEach
  void startKit() throws Exception {
    clock = new KitClock(START);
    api = new MockWebServer();
    QueueDispatcher answers = new QueueDispatcher();
    // A request nobody queued an answer for is a finding, reported at once rather than by a hanging test.
    answers.setFailFast(new MockResponse(404, Headers.of("Content-Type", "text/plain"),
        "carrier contract: no answer was queued for this request\n"));
    api.setDispatcher(answers);
    api.start();
    store = new InMemoryTextBackStore();
    outage = new StoreOutage();
    events = new EngineEvents();
    contextCalls = new ContextCalls();
    main = newInstance();
  }

  @AfterEach
  void stopKit() throws Exception {
    Exception failure = null;
    for (KitInstance instance : instances) {
      instance.engine().close();
      failure = released(instance.carrier(), failure);
    }
    instances.clear();
    for (Carrier carrier : extraCarriers) failure = released(carrier, failure);
    extraCarriers.clear();
    if (api != null) api.close();
    if (store != null) store.close();
    if (failure != null) throw failure;
  }

  private Exception released(Carrier carrier, Exception failure) {
    try {
      release(carrier);
      return failure;
    } catch (Exception e) {
      if (failure != null) failure.addSuppressed(e);
      return failure != null ? failure : e;
    }
  }

  /** An engine on the kit's store with a new carrier, as another instance of the same application. */
  final KitInstance newInstance() throws Exception {
    Carrier carrier = Objects.requireNonNull(newCarrier(api.url("/").toString(), READ_TIMEOUT),
        "newCarrier(...) returned null");
    WatchedCarrier watched = new WatchedCarrier(carrier, contextCalls);
    BusinessProfile business = BusinessProfile.builder()
        .id("harbor")
        .displayName(BUSINESS_NAME)
        .number(new BusinessNumber(BUSINESS_NUMBER, null, BUSINESS_PHONE))
        .build();
    TextBack engine = TextBack.builder()
        .businesses(BusinessDirectory.of(business))
        .store(outage.wrap(store))
        .carrier(watched)
        .clock(clock)
        .listener(events)
        .build();
    // Not started: the kit runs due work itself, on the test's thread, so every send is over when it looks.
    KitInstance instance = new KitInstance(engine, carrier, engine.webhooks(carrier.id()));
    instances.add(instance);
    return instance;
  }

  /** A carrier outside any engine, for send tests that need other settings; released after the test. */
  final Carrier extraCarrier(String apiBaseUrl, Duration readTimeout) throws Exception {
    Carrier carrier = Objects.requireNonNull(newCarrier(apiBaseUrl, readTimeout), "newCarrier(...) returned null");
    extraCarriers.add(carrier);
    return carrier;
  }

  final KitInstance main() {
    return main;
  }

  final KitClock clock() {
    return clock;
  }

  final MockWebServer api() {
    return api;
  }

  final TextBackStore store() {
    return store;
  }

  /** Switches the engines' store off and on. */
  final StoreOutage outage() {
    return outage;
  }

  final EngineEvents events() {
    return events;
  }

  final ContextCalls contextCalls() {
    return contextCalls;
  }

  /** The kit's ids: 32 lowercase hex digits, the same for the same name. */
  static String kitId(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
  }

  // ---- the groups ---------------------------------------------------------------------------------------------

  /**
   * Forged, stripped and tampered signatures: refused with 403 before the engine hears of them, also when many
   * webhooks arrive at once.
   */
  @Nested
  class Signatures extends SignatureContract {
    @Override
    CarrierAdapterContract contract() {
      return CarrierAdapterContract.this;
    }
  }

  /** Bodies that cannot be read, in the wrong format, or too large: 400 or 413, never an exception. */
  @Nested
  class MalformedInput extends MalformedInputContract {
    @Override
    CarrierAdapterContract contract() {
      return CarrierAdapterContract.this;
    }
  }

  /** A missed call: one decision, one send request from the dialled number to the caller. */
  @Nested
  class MissedCalls extends MissedCallContract {
    @Override
    CarrierAdapterContract contract() {
      return CarrierAdapterContract.this;
    }
  }

  /** Texts from callers: handed over with both numbers; STOP recorded. */
  @Nested
  class InboundTexts extends InboundTextContract {
    @Override
    CarrierAdapterContract contract() {
      return CarrierAdapterContract.this;
    }
  }

  /** Delivery reports recorded on the outbox entry they refer to. */
  @Nested
  class DeliveryReports extends DeliveryReportContract {
    @Override
    CarrierAdapterContract contract() {
      return CarrierAdapterContract.this;
    }
  }

  /** The same webhook delivered twice, to one instance or two: handled once. */
  @Nested
  class Redelivery extends RedeliveryContract {
    @Override
    CarrierAdapterContract contract() {
      return CarrierAdapterContract.this;
    }
  }

  /** The send API's answers and failures, each the exception core's retry policy needs. */
  @Nested
  class Sending extends SendContract {
    @Override
    CarrierAdapterContract contract() {
      return CarrierAdapterContract.this;
    }
  }
}
