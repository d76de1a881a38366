package dev.textback.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.test.CarrierAdapterContract.Malformation;
import dev.textback.test.CarrierAdapterContract.Signing;
import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Input the adapter cannot use is answered with a client error, never an exception and never a half-handled
 * request: 400 for a body it cannot read, 413 for one too large to read at all.
 */
abstract class MalformedInputContract extends CarrierContractGroup {
  /** Larger than any carrier's webhook and than any sensible body limit. */
  private static final int HUGE = 1024 * 1024;

  @ParameterizedTest(name = "{0}")
  @EnumSource(Malformation.class)
  void answers_400_to_a_text_it_cannot_read(Malformation malformation) {
    WebhookRequest request = contract().malformedInboundText(text("malformed", "Are you open today?"), malformation);

    WebhookResponse response = deliver(request);

    assertThat(response.status()).as("status of the answer to %s (body: %s)", request, response.body())
        .isEqualTo(400);
    assertEngineUntouched();
  }

  @Test
  void answers_413_to_a_body_over_the_size_limit() {
    WebhookRequest request = contract().inboundText(text("huge", "x".repeat(HUGE)), Signing.VALID);
    assertThat(request.bodyLength()).as("the oversized webhook's body").isGreaterThan(HUGE);

    WebhookResponse response = deliver(request);

    assertThat(response.status()).as("status (body: %s)", response.body()).isEqualTo(413);
    assertEngineUntouched();
  }
}
