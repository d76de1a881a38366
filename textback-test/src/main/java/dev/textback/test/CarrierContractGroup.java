package dev.textback.test;

import static dev.textback.test.CarrierAdapterContract.BUSINESS_NUMBER;
import static dev.textback.test.CarrierAdapterContract.BUSINESS_PHONE;
import static dev.textback.test.CarrierAdapterContract.CALLER;
import static dev.textback.test.CarrierAdapterContract.kitId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.carrier.CarrierWebhooks;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationStatus;
import dev.textback.spi.OutboxEntry;
import dev.textback.test.CarrierAdapterContract.DeliveryReport;
import dev.textback.test.CarrierAdapterContract.InboundText;
import dev.textback.test.CarrierAdapterContract.MissedCall;
import dev.textback.test.CarrierAdapterContract.Signing;
import dev.textback.webhook.WebhookEndpoint;
import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookResponse;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** What every group of carrier contract tests shares: the kit's engine, the fake API, and small helpers. */
abstract class CarrierContractGroup {
  /** Bound on waiting for a request the fake API should already have received. */
  private static final long WAIT_SECONDS = 10;
  private static final Pattern PATH = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*([^?#]*).*", Pattern.DOTALL);

  private final List<RecordedRequest> taken = new ArrayList<>();
  private int accepted;
  private int requestsBefore;
  private List<Conversation> conversationsBefore = List.of();

  abstract CarrierAdapterContract contract();

  final KitInstance main() {
    return contract().main();
  }

  final TextBack engine() {
    return main().engine();
  }

  final EngineEvents events() {
    return contract().events();
  }

  final MockWebServer api() {
    return contract().api();
  }

  final KitClock clock() {
    return contract().clock();
  }

  // ---- scenario values ----

  /** A call from the kit's caller to the business number, ringing at the business's phone, sent now. */
  final MissedCall missedCall(String name) {
    return new MissedCall(kitId("call " + name), CALLER, BUSINESS_NUMBER, BUSINESS_PHONE, clock().instant());
  }

  /** A text from the kit's caller to the business number, sent now. */
  final InboundText text(String name, String body) {
    return new InboundText(kitId("text " + name), CALLER, BUSINESS_NUMBER, body, clock().instant());
  }

  /** A report on a text from the business number to the caller, sent now. */
  final DeliveryReport report(String messageId, boolean delivered) {
    return new DeliveryReport(messageId, BUSINESS_NUMBER, CALLER, delivered, clock().instant());
  }

  // ---- webhooks ----

  /** Hands {@code request} to the main instance's endpoint for its path; failing the test if the endpoint throws. */
  final WebhookResponse deliver(WebhookRequest request) {
    return deliver(main(), request);
  }

  final WebhookResponse deliver(KitInstance instance, WebhookRequest request) {
    assertThat(request).as("a webhook the adapter's hook built").isNotNull();
    WebhookEndpoint endpoint = endpointFor(instance.webhooks(), request);
    WebhookResponse response;
    try {
      response = endpoint.handle(request);
    } catch (RuntimeException e) {
      throw new AssertionError("the endpoint threw instead of answering " + request, e);
    }
    assertThat(response).as("the answer to %s", request).isNotNull();
    return response;
  }

  /** Delivers every webhook of {@code call}, validly signed, to the main instance; each must succeed. */
  final void ringOut(MissedCall call) {
    ringOut(main(), call);
  }

  final void ringOut(KitInstance instance, MissedCall call) {
    for (WebhookRequest request : missedCallWebhooks(call)) assertSuccess(deliver(instance, request), request);
  }

  final List<WebhookRequest> missedCallWebhooks(MissedCall call) {
    List<WebhookRequest> requests = contract().missedCall(call, Signing.VALID);
    assertThat(requests).as("the webhooks of a missed call").isNotEmpty();
    return requests;
  }

  /** Delivers a validly signed text to the main instance; it must succeed. */
  final void send(InboundText text) {
    WebhookRequest request = contract().inboundText(text, Signing.VALID);
    assertSuccess(deliver(request), request);
  }

  static void assertSuccess(WebhookResponse response, WebhookRequest request) {
    assertThat(response.status()).as("status of the answer to %s (body: %s)", request, response.body())
        .isBetween(200, 299);
  }

  /** The endpoint whose full path ends the request URL's path; the longest such path wins. */
  static WebhookEndpoint endpointFor(CarrierWebhooks webhooks, WebhookRequest request) {
    Matcher m = PATH.matcher(request.publicUrl());
    String path = m.matches() ? m.group(1) : request.publicUrl();
    String best = null;
    for (String candidate : webhooks.byPath().keySet()) {
      if (path.endsWith(candidate) && (best == null || candidate.length() > best.length())) best = candidate;
    }
    if (best == null) {
      throw new AssertionError("no route of the " + webhooks.carrier() + " webhooks serves " + path
          + "; sign webhook URLs that end in one of " + webhooks.byPath().keySet());
    }
    return webhooks.byPath().get(best);
  }

  // ---- the engine and the fake API ----

  /** Has the fake API accept the next send; returns the message id it answers with. */
  final String acceptNextSend() {
    String messageId = kitId("message " + ++accepted);
    api().enqueue(contract().accepted(messageId));
    return messageId;
  }

  /** Runs the main engine's due work (its sends) on this thread. */
  final void flush() {
    engine().runDueWork();
  }

  /** The decisions that acted on a call: every decision that is not a repeat of an earlier one. */
  final List<CallDecision> firstDecisions() {
    return events().decided.stream().map(EngineEvents.Decided::decision).filter(d -> !d.duplicate()).toList();
  }

  /** Every request the fake API received so far, in order. */
  final List<RecordedRequest> apiRequests() {
    try {
      while (taken.size() < api().getRequestCount()) {
        RecordedRequest next = api().takeRequest(WAIT_SECONDS, TimeUnit.SECONDS);
        if (next == null) throw new AssertionError("the fake API counted a request it did not hand over");
        taken.add(next);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    return List.copyOf(taken);
  }

  /** The one text the gateway sent, read by the adapter's hook. */
  final CarrierAdapterContract.SentText onlySentText() {
    List<RecordedRequest> requests = apiRequests();
    assertThat(requests).as("send requests to the carrier's API").hasSize(1);
    return contract().sentText(requests.get(0));
  }

  final OutboxEntry outboxEntry(String id) {
    return contract().store().outboxEntry(id)
        .orElseThrow(() -> new AssertionError("no outbox entry " + id));
  }

  /** The entry of the one text the engine sent so far. */
  final OutboxEntry onlySentEntry() {
    assertThat(events().sent).as("texts the carrier accepted").hasSize(1);
    return outboxEntry(events().sent.get(0).entry().id());
  }

  final List<Conversation> conversations() {
    return engine().conversations(null, EnumSet.allOf(ConversationStatus.class), 100);
  }

  // ---- "the engine was not touched" ----

  /** Forgets what happened so far, so {@link #assertEngineUntouched()} looks only at what follows. */
  final void startWatching() {
    contract().contextCalls().clear();
    events().clear();
    requestsBefore = api().getRequestCount();
    conversationsBefore = conversations();
  }

  /**
   * Nothing reached the engine since {@link #startWatching()} (or the start of the test): the adapter asked
   * nothing of it, it decided and handled nothing, wrote no conversation, and due work sends nothing.
   */
  final void assertEngineUntouched() {
    flush();
    assertThat(contract().contextCalls().all()).as("requests the webhooks made of the engine").isEmpty();
    assertThat(events().all()).as("what the engine did").isEmpty();
    assertThat(conversations()).as("conversations").isEqualTo(conversationsBefore);
    assertThat(api().getRequestCount()).as("requests to the carrier's API").isEqualTo(requestsBefore);
  }
}
