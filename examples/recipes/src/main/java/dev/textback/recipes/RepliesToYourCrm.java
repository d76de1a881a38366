package dev.textback.recipes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.textback.TextBack;
import dev.textback.business.BusinessDirectory;
import dev.textback.business.BusinessProfile;
import dev.textback.call.CallEvent;
import dev.textback.call.CallOutcome;
import dev.textback.gateway.ConsoleSmsGateway;
import dev.textback.message.InboundMessage;
import dev.textback.phone.CarrierId;
import dev.textback.phone.PhoneNumber;
import dev.textback.routing.CrmWebhookRouter;
import dev.textback.routing.CrmWebhookSignature;
import dev.textback.store.InMemoryTextBackStore;
import dev.textback.template.MessageTemplates;
import dev.textback.template.Situation;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A caller's reply forwarded to your CRM as a signed webhook, and the CRM's side: check the signature on the
 * raw body before trusting anything in it. Both run here, the CRM on the JDK's HTTP server.
 */
public class RepliesToYourCrm {
  public static void main(String[] args) throws Exception {
    String secret = "whsec-change-me"; // shared with the CRM; read it from your secret store
    HttpServer crm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    crm.createContext("/textback", exchange -> receive(exchange, secret));
    crm.start();

    BusinessProfile summit = BusinessProfile.builder()
        .id("summit").displayName("Summit Heating & Cooling").number("+13035550142")
        .templates(MessageTemplates.builder("en")
            .add(Situation.DEFAULT, "en", "Hi, this is {business}. Sorry we missed your call. "
                + "Reply here with your issue. Reply STOP to opt out.")
            .build())
        .build();
    Instant noonInDenver = Instant.parse("2026-07-14T18:00:00Z");
    CarrierId console = CarrierId.of("console");
    try (TextBack engine = TextBack.builder()
        .businesses(BusinessDirectory.of(summit))
        .store(new InMemoryTextBackStore())
        .gateway(new ConsoleSmsGateway())
        .replyRouter(CrmWebhookRouter.builder()
            .url("http://127.0.0.1:" + crm.getAddress().getPort() + "/textback")
            .secret(secret)
            .build())
        .clock(Clock.fixed(noonInDenver, ZoneOffset.UTC))
        .build()) {
      engine.onCall(CallEvent.builder().carrier(console).callId("CA1")
          .dialled(PhoneNumber.of("+13035550142")).caller("+17205550123")
          .startedAt(noonInDenver).outcome(CallOutcome.NO_ANSWER).build());
      engine.runDueWork(); // the text-back goes out
      engine.onInbound(new InboundMessage(console, "SM1", PhoneNumber.of("+17205550123"),
          PhoneNumber.of("+13035550142"), "My furnace stopped. Can someone come today?", List.of(),
          noonInDenver.plusSeconds(60), null));
      engine.runDueWork(); // the reply goes to the CRM
    } finally {
      crm.stop(0);
    }
  }

  /** The CRM's handler: verify, then read. A request that fails the check gets 401 and is ignored. */
  static void receive(HttpExchange exchange, String secret) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    boolean valid = CrmWebhookSignature.verify(secret,
        exchange.getRequestHeaders().getFirst(CrmWebhookSignature.TIMESTAMP_HEADER), body,
        exchange.getRequestHeaders().getFirst(CrmWebhookSignature.SIGNATURE_HEADER),
        Clock.systemUTC(), CrmWebhookSignature.DEFAULT_TOLERANCE);
    if (!valid) {
      System.out.println("CRM: refused a request with a bad signature");
      exchange.sendResponseHeaders(401, -1);
      exchange.close();
      return;
    }
    JsonNode reply = new ObjectMapper().readTree(body);
    System.out.println("CRM: signature valid; " + reply.path("event").asText() + " from "
        + reply.path("conversation").path("caller").asText() + ": " + reply.path("message").path("body").asText());
    exchange.sendResponseHeaders(204, -1);
    exchange.close();
  }
}
