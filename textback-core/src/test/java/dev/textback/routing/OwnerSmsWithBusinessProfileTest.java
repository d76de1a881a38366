package dev.textback.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.business.BusinessProfile;
import dev.textback.phone.PhoneNumber;
import dev.textback.spi.Escalation;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.RoutedReply;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The owner-SMS router and notifier read owner phone, zone and name from the business profile. */
class OwnerSmsWithBusinessProfileTest {
  private static BusinessProfile.Builder acme() {
    return BusinessProfile.builder()
        .id("acme")
        .displayName("Acme Plumbing")
        .number("+12125550100")
        .zone(ZoneId.of("America/New_York"));
  }

  @Test
  void forward_goes_to_the_profile_owner_with_the_time_in_the_profile_zone() {
    Fixtures.RecordingQueue queue = new Fixtures.RecordingQueue();
    BusinessProfile business = acme().ownerPhone("+12125559876").build();

    new OwnerSmsForwardRouter().route(new RoutedReply(business, Fixtures.conversation(),
        Fixtures.message("msg-1", "Hi"), queue));

    // Fixtures open the conversation at 14:02 UTC, 09:02 in New York (EST).
    assertThat(queue.queued).containsExactly(new Fixtures.RecordingQueue.Queued(OutboxKind.FORWARD,
        PhoneNumber.of("+12125559876"), "Reply from +1 555...4567 to your missed call at 09:02: Hi"));
  }

  @Test
  void escalation_names_the_business_and_goes_to_its_owner() {
    Fixtures.RecordingQueue queue = new Fixtures.RecordingQueue();
    BusinessProfile business = acme().ownerPhone("+12125559876").build();

    new OwnerSmsEscalationNotifier().escalate(new Escalation(business, Fixtures.conversation(),
        Duration.ofMinutes(11), "Hello?", queue));

    assertThat(queue.queued).containsExactly(new Fixtures.RecordingQueue.Queued(OutboxKind.ESCALATION,
        PhoneNumber.of("+12125559876"),
        "Acme Plumbing: a caller (+1 555...4567) replied 11 min ago and is waiting: \"Hello?\""));
  }

  @Test
  void nothing_is_queued_for_a_business_without_owner_phone() throws Exception {
    Fixtures.RecordingQueue queue = new Fixtures.RecordingQueue();
    BusinessProfile business = acme().build();

    new OwnerSmsForwardRouter().route(new RoutedReply(business, Fixtures.conversation(),
        Fixtures.message("msg-1", "Hi"), queue));
    new OwnerSmsEscalationNotifier().escalate(new Escalation(business, Fixtures.conversation(),
        Duration.ofMinutes(11), "Hello?", queue));

    assertThat(queue.queued).isEmpty();
  }
}
