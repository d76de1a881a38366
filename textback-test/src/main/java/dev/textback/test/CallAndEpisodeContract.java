package dev.textback.test;

import static dev.textback.test.StoreTestData.BUSINESS;
import static dev.textback.test.StoreTestData.BUSINESS_NUMBER;
import static dev.textback.test.StoreTestData.CALLER;
import static dev.textback.test.StoreTestData.OTHER_BUSINESS;
import static dev.textback.test.StoreTestData.OTHER_CALLER;
import static dev.textback.test.StoreTestData.T0;
import static dev.textback.test.StoreTestData.TWILIO;
import static dev.textback.test.StoreTestData.VONAGE;
import static dev.textback.test.StoreTestData.call;
import static dev.textback.test.StoreTestData.episode;
import static dev.textback.test.StoreTestData.minutes;
import static dev.textback.test.StoreTestData.withDetail;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.call.CallOutcome;
import dev.textback.policy.Episode;
import dev.textback.rules.Reason;
import dev.textback.spi.CallRecord;
import org.junit.jupiter.api.Test;

/** Decided calls (the idempotency record) and cooldown episodes. */
abstract class CallAndEpisodeContract extends StoreContractGroup {

  @Test
  void finds_a_recorded_call_with_every_field() {
    CallRecord full = call("CA1");
    write(tx -> tx.insertCall(full));

    assertThat(find(tx -> tx.findCall(TWILIO, "CA1"))).contains(full);
  }

  @Test
  void keeps_the_absent_fields_of_a_skipped_call_absent() {
    CallRecord skipped = CallRecord.builder().carrier(TWILIO).callId("CA2").dialled(BUSINESS_NUMBER)
        .outcome(CallOutcome.NO_ANSWER).calledAt(T0).decidedAt(T0.plusMillis(1500))
        .reason(Reason.SKIPPED_UNKNOWN_BUSINESS_NUMBER).detail("dialled number belongs to no business").build();
    write(tx -> tx.insertCall(skipped));

    assertThat(find(tx -> tx.findCall(TWILIO, "CA2"))).contains(skipped);
  }

  @Test
  void finds_no_call_under_another_call_id_or_another_carrier() {
    write(tx -> tx.insertCall(call("CA1")));

    assertThat(find(tx -> tx.findCall(TWILIO, "CA9"))).isEmpty();
    assertThat(find(tx -> tx.findCall(VONAGE, "CA1"))).isEmpty();
  }

  @Test
  void the_same_call_id_at_two_carriers_is_two_calls() {
    CallRecord atTwilio = call("shared-id");
    CallRecord atVonage = withDetail(call(VONAGE, "shared-id", BUSINESS, T0, CallOutcome.BUSY, Reason.TEXT), "v");
    write(tx -> {
      tx.insertCall(atTwilio);
      tx.insertCall(atVonage);
    });

    assertThat(find(tx -> tx.findCall(TWILIO, "shared-id"))).contains(atTwilio);
    assertThat(find(tx -> tx.findCall(VONAGE, "shared-id"))).contains(atVonage);
  }

  @Test
  void a_call_inserted_in_a_transaction_is_visible_to_it() {
    CallRecord found = read(tx -> {
      tx.insertCall(call("CA1"));
      return tx.findCall(TWILIO, "CA1").orElseThrow();
    });

    assertThat(found).isEqualTo(call("CA1"));
  }

  @Test
  void there_is_no_episode_until_one_is_saved() {
    assertThat(find(tx -> tx.lockEpisode(BUSINESS, CALLER))).isEmpty();

    Episode first = episode(BUSINESS, CALLER, "CA1", 1);
    write(tx -> tx.saveEpisode(first));

    assertThat(find(tx -> tx.lockEpisode(BUSINESS, CALLER))).contains(first);
  }

  @Test
  void saving_an_episode_replaces_the_one_of_the_same_business_and_caller() {
    write(tx -> tx.saveEpisode(episode(BUSINESS, CALLER, "CA1", 1)));
    Episode extended = new Episode(BUSINESS, CALLER, "CA1", T0, minutes(5), minutes(65), 2);
    write(tx -> tx.saveEpisode(extended));

    assertThat(find(tx -> tx.lockEpisode(BUSINESS, CALLER))).contains(extended);
    Episode next = episode(BUSINESS, CALLER, "CA7", 1);
    write(tx -> tx.saveEpisode(next));
    assertThat(find(tx -> tx.lockEpisode(BUSINESS, CALLER))).contains(next);
  }

  @Test
  void a_saved_episode_is_visible_to_its_own_transaction() {
    Episode saved = episode(BUSINESS, CALLER, "CA1", 1);

    Episode seen = read(tx -> {
      tx.lockEpisode(BUSINESS, CALLER);
      tx.saveEpisode(saved);
      return tx.lockEpisode(BUSINESS, CALLER).orElseThrow();
    });

    assertThat(seen).isEqualTo(saved);
  }

  @Test
  void episodes_are_kept_per_business_and_caller() {
    Episode mine = episode(BUSINESS, CALLER, "CA1", 1);
    Episode otherCaller = episode(BUSINESS, OTHER_CALLER, "CA2", 2);
    Episode otherBusiness = episode(OTHER_BUSINESS, CALLER, "CA3", 3);
    write(tx -> {
      tx.saveEpisode(mine);
      tx.saveEpisode(otherCaller);
      tx.saveEpisode(otherBusiness);
    });

    assertThat(find(tx -> tx.lockEpisode(BUSINESS, CALLER))).contains(mine);
    assertThat(find(tx -> tx.lockEpisode(BUSINESS, OTHER_CALLER))).contains(otherCaller);
    assertThat(find(tx -> tx.lockEpisode(OTHER_BUSINESS, CALLER))).contains(otherBusiness);
    assertThat(find(tx -> tx.lockEpisode(OTHER_BUSINESS, OTHER_CALLER))).isEmpty();
  }
}
