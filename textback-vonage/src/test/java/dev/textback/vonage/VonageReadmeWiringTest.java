package dev.textback.vonage;

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

/** The README's Vonage wiring, verbatim but for the settings source, compiles and mounts every route. */
class VonageReadmeWiringTest {
  @Test
  void the_readme_wiring_mounts_the_vonage_routes() {
    Map<String, String> env = Map.of(VonageConfig.API_KEY, "a1b2c3d", VonageConfig.API_SECRET, "secret",
        VonageConfig.SIGNATURE_SECRET, "signature-secret");

    VonageConfig config = VonageConfig.from(env::get); // VONAGE_API_KEY, VONAGE_API_SECRET, VONAGE_SIGNATURE_SECRET…
    VonageCarrier vonage = VonageCarrier.create(config);      // or create(config, yourOkHttpClient)

    BusinessProfile joes = BusinessProfile.builder().id("joes").displayName("Joe's Plumbing")
        // the Vonage number callers dial, and the phone it should ring
        .number(new BusinessNumber(PhoneNumber.of("+12025550182"), null, PhoneNumber.of("+12125550147")))
        .build();
    TextBack engine = TextBack.builder().businesses(BusinessDirectory.of(joes))
        .store(new InMemoryTextBackStore()).carrier(vonage).build();
    engine.start();

    Map<String, WebhookEndpoint> routes = engine.webhooks(VonageCarrier.ID).byPath(); // "/webhooks/vonage/answer", …

    try {
      assertThat(routes).containsOnlyKeys("/webhooks/vonage/answer", "/webhooks/vonage/event",
          "/webhooks/vonage/inbound", "/webhooks/vonage/status", "/webhooks/vonage/sms/inbound",
          "/webhooks/vonage/sms/dlr");
    } finally {
      engine.close();
      vonage.close();
    }
  }
}
