package dev.textback.plivo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.TextBack;
import dev.textback.business.BusinessDirectory;
import dev.textback.business.BusinessNumber;
import dev.textback.business.BusinessProfile;
import dev.textback.phone.PhoneNumber;
import dev.textback.store.InMemoryTextBackStore;
import dev.textback.webhook.WebhookEndpoint;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wiring code of the README's Plivo section, compiled and run as it is printed there. */
class PlivoReadmeWiringTest {

  @Test
  void the_readme_wiring_mounts_every_plivo_route() {
    Map<String, String> env = Map.of("PLIVO_AUTH_ID", PlivoFixtures.AUTH_ID, "PLIVO_AUTH_TOKEN", PlivoFixtures.AUTH_TOKEN,
        "PLIVO_PUBLIC_BASE_URL", "https://textback.example.com");

    // --- README: Plivo ---
    PlivoConfig config = PlivoConfig.from(env::get); // PLIVO_AUTH_ID, PLIVO_AUTH_TOKEN, PLIVO_PUBLIC_BASE_URL…
    PlivoCarrier plivo = PlivoCarrier.create(config);  // or create(config, yourOkHttpClient)

    BusinessProfile joes = BusinessProfile.builder().id("joes").displayName("Joe's Plumbing")
        // the Plivo number callers dial, and the phone it should ring
        .number(new BusinessNumber(PhoneNumber.of("+12025550182"), null, PhoneNumber.of("+12125550147")))
        .build();
    TextBack engine = TextBack.builder().businesses(BusinessDirectory.of(joes))
        .store(new InMemoryTextBackStore()).carrier(plivo).build();
    engine.start();

    Map<String, WebhookEndpoint> routes = engine.webhooks(PlivoCarrier.ID).byPath(); // "/webhooks/plivo/answer", …
    // --- end ---

    try {
      assertThat(routes).containsOnlyKeys("/webhooks/plivo/answer", "/webhooks/plivo/dial", "/webhooks/plivo/hangup",
          "/webhooks/plivo/record", "/webhooks/plivo/screen", "/webhooks/plivo/sms", "/webhooks/plivo/sms/status");
    } finally {
      engine.close();
      plivo.close();
    }
  }
}
