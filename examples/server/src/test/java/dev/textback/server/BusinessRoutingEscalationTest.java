package dev.textback.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import dev.textback.phone.PhoneNumber;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationStatus;
import dev.textback.spi.Escalation;
import dev.textback.spi.OutboundQueue;
import dev.textback.spi.RoutingException;
import dev.textback.spi.StoreUnavailableException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Every notifier of a business is called even when one fails. When the first failure is permanent (the escalation
 * webhook answered 4xx) and the owner's text could not be queued (a store blip), the engine must try the escalation
 * again, or the owner is never told.
 */
class BusinessRoutingEscalationTest {
  @Test
  void a_permanent_webhook_refusal_does_not_end_an_escalation_whose_owner_text_failed_to_queue() throws Exception {
    HttpServer crm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    crm.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(400, -1);
      exchange.close();
    });
    crm.start();
    try {
      String url = "http://127.0.0.1:" + crm.getAddress().getPort() + "/escalations";
      ServerConfig config = ServerConfig.parse("{\"businesses\":[{\"id\":\"b1\",\"name\":\"Acme\","
          + "\"numbers\":[\"+13035550142\"],\"ownerPhone\":\"+13035550177\",\"replyRouting\":{\"ownerSms\":true,"
          + "\"escalationWebhookUrl\":\"" + url + "\",\"crmWebhookSecret\":\"a-long-secret-for-the-test\"}}]}");
      BusinessRouting routing = new BusinessRouting(config.businesses());
      AtomicInteger queueAttempts = new AtomicInteger();
      OutboundQueue storeDown = (kind, to, body) -> {
        queueAttempts.incrementAndGet();
        throw new StoreUnavailableException("database restarting", null);
      };
      Instant now = Instant.parse("2026-07-14T20:00:00Z");
      Conversation waiting = Conversation.builder().id("cv_1").businessId("b1")
          .businessNumber(PhoneNumber.of("+13035550142")).caller(PhoneNumber.of("+17205550142")).carrier("twilio")
          .openedAt(now.minusSeconds(1200)).status(ConversationStatus.OPEN).lastActivityAt(now.minusSeconds(600))
          .awaitingSince(now.minusSeconds(600)).build();
      Escalation escalation = new Escalation(config.businesses().get(0).profile(), waiting, Duration.ofMinutes(10),
          "Can you come today?", storeDown);

      Throwable thrown = catchThrowable(() -> routing.escalate(escalation));

      assertThat(queueAttempts).as("the owner's notifier ran").hasValue(1);
      assertThat(thrown).isNotNull();
      assertThat(thrown instanceof RoutingException r && r.permanent())
          .as("thrown %s: a permanent RoutingException makes the engine end the escalation for good, so the owner's "
              + "text is never queued", thrown)
          .isFalse();
    } finally {
      crm.stop(0);
    }
  }
}
