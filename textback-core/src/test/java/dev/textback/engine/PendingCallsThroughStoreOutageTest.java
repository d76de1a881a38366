package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.TextBack;
import dev.textback.business.BusinessDirectory;
import dev.textback.carrier.Carrier;
import dev.textback.carrier.CarrierContext;
import dev.textback.carrier.CarrierWebhooks;
import dev.textback.carrier.WebhookPipeline;
import dev.textback.phone.CarrierId;
import dev.textback.spi.SmsGateway;
import dev.textback.spi.StoreUnavailableException;
import dev.textback.spi.TextBackStore;
import dev.textback.webhook.WebhookResponse;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What an adapter remembers between a call's webhooks goes through a short store outage like the call's
 * decision: a Twilio status callback reads the dial outcome before it decides the call, and answered 503 to
 * a database restart its decision would have waited out.
 */
class PendingCallsThroughStoreOutageTest {
  private final EngineFixture f = new EngineFixture();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final AtomicInteger transactions = new AtomicInteger();

  /** The fixture's store, unavailable for the next {@code failuresLeft} transactions. */
  private final TextBackStore flaky = (TextBackStore) Proxy.newProxyInstance(getClass().getClassLoader(),
      new Class<?>[] {TextBackStore.class}, (proxy, method, args) -> {
        if (method.getName().equals("inTransaction")) {
          transactions.incrementAndGet();
          if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new StoreUnavailableException("connection refused", null);
          }
        }
        try {
          return method.invoke(f.store, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      });

  private CarrierContext contextOf(Duration budget) {
    CarrierContext[] captured = new CarrierContext[1];
    Carrier carrier = new Carrier() {
      @Override
      public CarrierId id() {
        return CarrierId.of("twilio");
      }

      @Override
      public SmsGateway gateway() {
        return f.gateway;
      }

      @Override
      public CarrierWebhooks webhooks(CarrierContext context) {
        captured[0] = context;
        return WebhookPipeline.builder(id()).verifier((r, now) -> { }).clock(context.clock())
            .route("voice", call -> WebhookResponse.ok("text/plain", "")).build();
      }
    };
    TextBack.builder().businesses(BusinessDirectory.of(f.business)).store(flaky).clock(f.clock)
        .carrier(carrier).webhookRetryBudget(budget).build();
    return captured[0];
  }

  @Test
  void remembers_recalls_and_forgets_once_the_store_is_back_within_the_budget() {
    CarrierContext context = contextOf(Duration.ofSeconds(5));

    failuresLeft.set(2);
    context.pendingCalls().remember("CA1", Map.of("dialOutcome", "BUSY"));
    failuresLeft.set(2);
    Map<String, String> recalled = context.pendingCalls().recall("CA1");
    failuresLeft.set(2);
    Map<String, String> forgotten = context.pendingCalls().forget("CA1");

    assertThat(recalled).containsExactly(Map.entry("dialOutcome", "BUSY"));
    assertThat(forgotten).containsExactly(Map.entry("dialOutcome", "BUSY"));
    assertThat(context.pendingCalls().recall("CA1")).isEmpty();
    assertThat(transactions.get()).isEqualTo(3 * 3 + 1);
  }

  @Test
  void gives_up_after_the_budget_so_the_webhook_can_ask_for_a_redelivery() {
    CarrierContext context = contextOf(Duration.ofMillis(200));
    failuresLeft.set(Integer.MAX_VALUE);

    assertThatThrownBy(() -> context.pendingCalls().forget("CA1")).isInstanceOf(StoreUnavailableException.class);
    assertThat(transactions.get()).isBetween(2, 5);
  }
}
