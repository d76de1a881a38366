package dev.textback.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.phone.PhoneNumber;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ClaimContractTest {
  private static final Logger log = LoggerFactory.getLogger(ClaimContractTest.class);
  private static final Instant T0 = Instant.parse("2026-07-14T20:00:00Z");

  private static OutboxEntry entry(String id) {
    return OutboxEntry.builder().id(id).kind(OutboxKind.TEXT_BACK).businessId("biz-1").carrier("twilio")
        .from(PhoneNumber.of("+13035550100")).to(PhoneNumber.of("+12125550123")).body("Hi").createdAt(T0).dueAt(T0)
        .status(OutboxStatus.PENDING).build();
  }

  private static List<OutboxEntry> entries(String... ids) {
    List<OutboxEntry> out = new ArrayList<>();
    for (String id : ids) out.add(entry(id));
    return out;
  }

  private static List<String> ids(List<OutboxEntry> entries) {
    return entries.stream().map(OutboxEntry::id).toList();
  }

  @Test
  void a_claim_with_every_entry_once_is_returned_as_it_is() {
    List<OutboxEntry> claimed = entries("a", "b", "c");

    assertThat(ClaimContract.withoutRepeats(claimed, log, "entries")).isSameAs(claimed);
  }

  @Test
  void later_copies_are_left_out_and_the_first_of_each_kept_in_order() {
    List<OutboxEntry> claimed = entries("a", "b", "a", "c", "b", "a");

    assertThat(ids(ClaimContract.withoutRepeats(claimed, log, "entries"))).containsExactly("a", "b", "c");
  }

  @Test
  void a_repeat_at_the_end_of_a_claim_too_long_to_compare_pair_by_pair_is_left_out() {
    List<OutboxEntry> claimed = new ArrayList<>();
    for (int i = 0; i < 40; i++) claimed.add(entry("e" + i));
    List<OutboxEntry> distinct = List.copyOf(claimed);
    claimed.add(entry("e17"));

    assertThat(ClaimContract.withoutRepeats(claimed, log, "entries")).containsExactlyElementsOf(distinct);
    assertThat(ClaimContract.withoutRepeats(distinct, log, "entries")).isSameAs(distinct);
  }

  @Test
  void entries_beyond_the_limit_are_the_ones_after_it() {
    List<OutboxEntry> claimed = entries("a", "b", "c", "d");

    assertThat(ids(ClaimContract.beyond(claimed, 2, log, "entries"))).containsExactly("c", "d");
    assertThat(ClaimContract.beyond(claimed, 4, log, "entries")).isEmpty();
  }
}
