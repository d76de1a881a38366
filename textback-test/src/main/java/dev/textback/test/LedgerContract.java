package dev.textback.test;

import static dev.textback.test.StoreTestData.BUSINESS;
import static dev.textback.test.StoreTestData.BUSINESS_NUMBER;
import static dev.textback.test.StoreTestData.CALLER;
import static dev.textback.test.StoreTestData.OTHER_CALLER;
import static dev.textback.test.StoreTestData.T0;
import static dev.textback.test.StoreTestData.TWILIO;
import static dev.textback.test.StoreTestData.VONAGE;
import static dev.textback.test.StoreTestData.call;
import static dev.textback.test.StoreTestData.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.message.PermanentFailureReason;
import dev.textback.policy.OptOutScope;
import dev.textback.spi.CallLookup;
import dev.textback.spi.CallRecord;
import dev.textback.spi.OptOutRecord;
import dev.textback.spi.UnreachableNumber;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The opt-out ledger, unreachable numbers and inbound message dedupe. */
abstract class LedgerContract extends StoreContractGroup {
  private static final String NUMBER_KEY = OptOutScope.NUMBER.key(BUSINESS, BUSINESS_NUMBER);
  private static final String BUSINESS_KEY = OptOutScope.BUSINESS.key(BUSINESS, BUSINESS_NUMBER);
  private static final String ACCOUNT_KEY = OptOutScope.ACCOUNT.key(BUSINESS, BUSINESS_NUMBER);
  private static final List<String> ALL_KEYS = List.of(NUMBER_KEY, BUSINESS_KEY, ACCOUNT_KEY);

  @Test
  void finds_an_opt_out_under_any_of_the_given_scope_keys() {
    OptOutRecord stop = new OptOutRecord(BUSINESS_KEY, CALLER, T0, "STOP");
    write(tx -> tx.saveOptOut(stop));

    assertThat(find(tx -> tx.findOptOut(ALL_KEYS, CALLER))).contains(stop);
    assertThat(find(tx -> tx.findOptOut(List.of(BUSINESS_KEY), CALLER))).contains(stop);
  }

  @Test
  void finds_no_opt_out_under_other_scope_keys_or_of_another_caller() {
    write(tx -> tx.saveOptOut(new OptOutRecord(BUSINESS_KEY, CALLER, T0, "STOP")));

    assertThat(find(tx -> tx.findOptOut(List.of(NUMBER_KEY, ACCOUNT_KEY), CALLER))).isEmpty();
    assertThat(find(tx -> tx.findOptOut(List.of("business:biz-2"), CALLER))).isEmpty();
    assertThat(find(tx -> tx.findOptOut(ALL_KEYS, OTHER_CALLER))).isEmpty();
    assertThat(find(tx -> tx.findOptOut(List.of(), CALLER))).isEmpty();
  }

  @Test
  void returns_the_opt_out_of_the_first_listed_scope_key_that_has_one() {
    OptOutRecord byNumber = new OptOutRecord(NUMBER_KEY, CALLER, T0, "STOP");
    OptOutRecord byAccount = new OptOutRecord(ACCOUNT_KEY, CALLER, minutes(1), "carrier:21610");
    write(tx -> {
      tx.saveOptOut(byNumber);
      tx.saveOptOut(byAccount);
    });

    assertThat(find(tx -> tx.findOptOut(List.of(ACCOUNT_KEY, BUSINESS_KEY, NUMBER_KEY), CALLER)))
        .contains(byAccount);
    assertThat(find(tx -> tx.findOptOut(List.of(BUSINESS_KEY, NUMBER_KEY, ACCOUNT_KEY), CALLER)))
        .contains(byNumber);
  }

  @Test
  void saving_an_opt_out_again_under_the_same_key_replaces_it() {
    write(tx -> tx.saveOptOut(new OptOutRecord(BUSINESS_KEY, CALLER, T0, "STOP")));
    OptOutRecord again = new OptOutRecord(BUSINESS_KEY, CALLER, minutes(10), "UNSUBSCRIBE");
    write(tx -> tx.saveOptOut(again));

    assertThat(find(tx -> tx.findOptOut(ALL_KEYS, CALLER))).contains(again);
  }

  @Test
  void deleting_opt_outs_removes_only_the_given_keys_of_the_caller_and_counts_them() {
    write(tx -> {
      for (String key : ALL_KEYS) tx.saveOptOut(new OptOutRecord(key, CALLER, T0, "STOP"));
      tx.saveOptOut(new OptOutRecord(NUMBER_KEY, OTHER_CALLER, T0, "STOP"));
    });

    int deleted = read(tx -> tx.deleteOptOuts(List.of(NUMBER_KEY, BUSINESS_KEY, "business:biz-9"), CALLER));

    assertThat(deleted).isEqualTo(2);
    assertThat(find(tx -> tx.findOptOut(List.of(NUMBER_KEY, BUSINESS_KEY), CALLER))).isEmpty();
    assertThat(find(tx -> tx.findOptOut(List.of(ACCOUNT_KEY), CALLER))).isPresent();
    assertThat(find(tx -> tx.findOptOut(List.of(NUMBER_KEY), OTHER_CALLER))).isPresent();
    assertThat(count(tx -> tx.deleteOptOuts(List.of(NUMBER_KEY), CALLER))).isZero();
    assertThat(count(tx -> tx.deleteOptOuts(List.of(), CALLER))).isZero();
  }

  @Test
  void an_opt_out_saved_in_a_transaction_is_visible_to_it() {
    OptOutRecord stop = new OptOutRecord(NUMBER_KEY, CALLER, T0, "STOP");

    assertThat(find(tx -> {
      tx.saveOptOut(stop);
      return tx.findOptOut(ALL_KEYS, CALLER);
    })).contains(stop);
  }

  @Test
  void records_and_replaces_an_unreachable_number() {
    assertThat(find(tx -> tx.findUnreachable(CALLER))).isEmpty();
    UnreachableNumber landline = new UnreachableNumber(CALLER, PermanentFailureReason.NOT_MOBILE, "30006", T0);
    write(tx -> tx.saveUnreachable(landline));

    assertThat(find(tx -> tx.findUnreachable(CALLER))).contains(landline);
    assertThat(find(tx -> tx.findUnreachable(OTHER_CALLER))).isEmpty();

    UnreachableNumber invalid = new UnreachableNumber(CALLER, PermanentFailureReason.INVALID_NUMBER, null, minutes(3));
    write(tx -> tx.saveUnreachable(invalid));
    assertThat(find(tx -> tx.findUnreachable(CALLER))).contains(invalid);
  }

  @Test
  void an_inbound_message_id_is_new_only_once_per_carrier() {
    assertThat(check(tx -> tx.insertInboundIfNew(TWILIO, "SM1", T0))).isTrue();
    assertThat(check(tx -> tx.insertInboundIfNew(TWILIO, "SM1", minutes(1)))).as("redelivery").isFalse();
    assertThat(check(tx -> tx.insertInboundIfNew(VONAGE, "SM1", T0))).as("other carrier").isTrue();
    assertThat(check(tx -> tx.insertInboundIfNew(TWILIO, "SM2", T0))).isTrue();
  }

  @Test
  void an_inbound_message_id_recorded_in_a_transaction_is_known_to_it() {
    assertThat(check(tx -> tx.insertInboundIfNew(TWILIO, "SM1", T0) && !tx.insertInboundIfNew(TWILIO, "SM1", T0)))
        .isTrue();
  }
  @Test
  void keeps_the_immediate_reply_to_an_inbound_message_with_its_id() {
    write(tx -> {
      tx.insertInboundIfNew(TWILIO, "SM1", T0);
      tx.saveInboundReply(TWILIO, "SM1", "Summit Heating: reply here or call us. Reply STOP to opt out.");
      tx.insertInboundIfNew(TWILIO, "SM2", T0);
    });

    assertThat(find(tx -> tx.findInboundReply(TWILIO, "SM1")))
        .contains("Summit Heating: reply here or call us. Reply STOP to opt out.");
    assertThat(find(tx -> tx.findInboundReply(TWILIO, "SM2"))).as("answered with nothing").isEmpty();
    assertThat(find(tx -> tx.findInboundReply(VONAGE, "SM1"))).as("other carrier").isEmpty();
    assertThat(find(tx -> tx.findInboundReply(TWILIO, "SM3"))).as("never seen").isEmpty();
  }

  @Test
  void a_reply_for_an_id_never_recorded_is_not_kept() {
    write(tx -> tx.saveInboundReply(TWILIO, "SM1", "help text"));

    assertThat(find(tx -> tx.findInboundReply(TWILIO, "SM1"))).isEmpty();
    assertThat(check(tx -> tx.insertInboundIfNew(TWILIO, "SM1", T0))).as("still new").isTrue();
  }

  @Test
  void a_redelivery_that_arrives_while_the_first_delivery_is_answered_finds_its_reply() throws Exception {
    CountDownLatch recorded = new CountDownLatch(1);
    List<Callable<Optional<String>>> deliveries = List.of(
        () -> store().inTransaction(tx -> {
          tx.insertInboundIfNew(TWILIO, "SM1", T0);
          recorded.countDown();
          pause(HOLD_MILLIS); // the redelivery reaches the store meanwhile, and must wait for this answer
          tx.saveInboundReply(TWILIO, "SM1", "help text");
          return Optional.<String>empty();
        }),
        () -> {
          recorded.await();
          return other().inTransaction(tx -> tx.insertInboundIfNew(TWILIO, "SM1", minutes(1))
              ? Optional.of("recorded twice") : tx.findInboundReply(TWILIO, "SM1"));
        });

    assertThat(race(deliveries).get(1)).contains("help text");
  }

  @Test
  void look_up_call_finds_nothing_for_a_new_call_from_a_caller_without_history() {
    write(tx -> {
      tx.insertCall(call("CA-other"));
      tx.saveOptOut(new OptOutRecord(BUSINESS_KEY, OTHER_CALLER, T0, "STOP"));
      tx.saveUnreachable(new UnreachableNumber(OTHER_CALLER, PermanentFailureReason.NOT_MOBILE, "30006", T0));
    });

    CallLookup known = lookUp(TWILIO, "CA1", ALL_KEYS);

    assertThat(known).isEqualTo(new CallLookup(null, null, null));
  }

  @Test
  void look_up_call_finds_the_earlier_call_the_first_listed_opt_out_and_the_unreachable_number() {
    CallRecord earlier = call("CA1");
    OptOutRecord byNumber = new OptOutRecord(NUMBER_KEY, CALLER, T0, "STOP");
    OptOutRecord byAccount = new OptOutRecord(ACCOUNT_KEY, CALLER, minutes(1), "carrier:21610");
    UnreachableNumber landline = new UnreachableNumber(CALLER, PermanentFailureReason.NOT_MOBILE, "30006", T0);
    write(tx -> {
      tx.insertCall(earlier);
      tx.saveOptOut(byNumber);
      tx.saveOptOut(byAccount);
      tx.saveUnreachable(landline);
    });

    CallLookup accountFirst = lookUp(TWILIO, "CA1", List.of(ACCOUNT_KEY, BUSINESS_KEY, NUMBER_KEY));
    CallLookup businessFirst = lookUp(TWILIO, "CA1", List.of(BUSINESS_KEY, NUMBER_KEY));
    CallLookup otherCarrier = lookUp(VONAGE, "CA1", List.of(BUSINESS_KEY));
    CallLookup noKeys = lookUp(TWILIO, "CA1", List.of());

    assertThat(accountFirst).isEqualTo(new CallLookup(earlier, byAccount, landline));
    assertThat(businessFirst).isEqualTo(new CallLookup(earlier, byNumber, landline));
    assertThat(otherCarrier).as("another carrier's call id, no opt-out under that key")
        .isEqualTo(new CallLookup(null, null, landline));
    assertThat(noKeys).as("no keys, no opt-out").isEqualTo(new CallLookup(earlier, null, landline));
  }

  private CallLookup lookUp(String carrier, String callId, List<String> keys) {
    return store().inTransaction(tx -> tx.lookUpCall(carrier, callId, keys, CALLER));
  }

  @Test
  void look_up_call_sees_the_transactions_own_writes() {
    CallLookup known = store().inTransaction(tx -> {
      tx.insertCall(call("CA1"));
      tx.saveOptOut(new OptOutRecord(BUSINESS_KEY, CALLER, T0, "STOP"));
      return tx.lookUpCall(TWILIO, "CA1", ALL_KEYS, CALLER);
    });

    assertThat(known.call()).isEqualTo(call("CA1"));
    assertThat(known.optOut()).isEqualTo(new OptOutRecord(BUSINESS_KEY, CALLER, T0, "STOP"));
    assertThat(known.unreachable()).isNull();
  }
}
