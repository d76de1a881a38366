package dev.textback.routing;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/**
 * A URL's user and password are never sent by the HTTP client, so a receiver behind Basic auth would answer 401 and
 * every reply would fail for good: such a URL is refused where it is given.
 */
class WebhookUrlCredentialsTest {
  @Test
  void a_url_holding_a_user_and_password_is_refused_without_echoing_the_password() {
    String url = "https://textback:hunter2@crm.example.com/hooks/textback";

    assertThatIllegalArgumentException().isThrownBy(() -> CrmWebhookRouter.builder().url(url))
        .withMessageNotContaining("hunter2");
    assertThatIllegalArgumentException().isThrownBy(() -> WebhookEscalationNotifier.builder().url(url))
        .withMessageNotContaining("hunter2");
  }
}
