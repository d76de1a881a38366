package dev.textback.engine;

import java.util.Map;
import static dev.textback.engine.EngineFixture.CALLER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.business.BusinessDirectory;
import dev.textback.call.CallOutcome;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A short store outage while a carrier's webhook waits: decisions and pending-call state are retried within the
 * budget, and thrown after it.
 */
class StoreOutageAtWebhookTest {
  private final EngineFixture f = new EngineFixture();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final AtomicInteger transactions = new AtomicInteger();
  private volatile boolean broken;

  /** The fixture's store, unavailable for the next {@code failuresLeft} transactions. */
  private final TextBackStore flaky = (TextBackStore) Proxy.newProxyInstance(getClass().getClassLoader(),
      new Class<?>[] {TextBackStore.class}, (proxy, method, args) -> {
        if (method.getName().equals("inTransaction")) {
          transactions.incrementAndGet();
          if (broken) throw new IllegalStateException("a bug, not an outage");
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
  void decides_a_call_once_the_store_is_back_within_the_budget() {
    CarrierContext context = contextOf(Duration.ofSeconds(5));
    failuresLeft.set(3);

    CallDecision decision = context.onCall(f.call("CA1", CALLER, CallOutcome.NO_ANSWER));

    assertThat(decision.action()).isEqualTo(CallDecision.Action.QUEUED);
    assertThat(transactions.get()).isEqualTo(4);
  }

  @Test
  void gives_up_after_the_budget_so_the_webhook_can_ask_for_a_redelivery() {
    CarrierContext context = contextOf(Duration.ofMillis(200));
    failuresLeft.set(Integer.MAX_VALUE);

    assertThatThrownBy(() -> context.onCall(f.call("CA1", CALLER, CallOutcome.NO_ANSWER)))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(transactions.get()).isBetween(2, 5);
  }

  @Test
  void does_not_repeat_work_that_failed_for_another_reason() {
    CarrierContext context = contextOf(Duration.ofSeconds(5));
    broken = true;

    assertThatThrownBy(() -> context.onCall(f.call("CA1", CALLER, CallOutcome.NO_ANSWER)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(transactions.get()).isEqualTo(1);
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
  void gives_up_on_pending_call_state_after_the_budget_too() {
    CarrierContext context = contextOf(Duration.ofMillis(200));
    failuresLeft.set(Integer.MAX_VALUE);

    assertThatThrownBy(() -> context.pendingCalls().forget("CA1")).isInstanceOf(StoreUnavailableException.class);
    assertThat(transactions.get()).isBetween(2, 5);
  }
}
