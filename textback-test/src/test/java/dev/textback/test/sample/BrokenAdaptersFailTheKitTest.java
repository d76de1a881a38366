package dev.textback.test.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The carrier contract catches broken adapters: the sample carrier with one defect switched on runs the whole
 * kit, and exactly the tests about that defect fail.
 */
class BrokenAdaptersFailTheKitTest {

  @Test
  void catches_an_adapter_that_accepts_unsigned_webhooks() {
    assertThat(failuresOf(AcceptsUnsigned.class)).containsExactlyInAnyOrder(
        "refuses_every_webhook_of_a_missed_call_the_carrier_did_not_sign MISSING",
        "refuses_a_stop_the_carrier_did_not_sign_and_keeps_texting_the_caller MISSING",
        "refuses_a_delivery_report_the_carrier_did_not_sign MISSING");
  }

  @Test
  void catches_an_adapter_that_takes_a_redelivered_call_for_a_new_one() {
    assertThat(failuresOf(NewCallIdPerWebhook.class)).containsExactlyInAnyOrder(
        "texts_a_missed_call_once_when_its_webhooks_arrive_twice",
        "texts_a_missed_call_once_when_its_webhooks_are_spread_over_two_instances");
  }

  @Test
  void catches_a_gateway_that_retries_by_itself() {
    assertThat(failuresOf(RetriesInTheGateway.class)).containsExactlyInAnyOrder(
        "retries_an_answer_that_never_came_flagged_as_possibly_accepted",
        "retries_a_connection_dropped_after_the_request_was_sent_flagged_as_possibly_accepted");
  }

  @Test
  void catches_an_adapter_that_answers_a_broken_body_as_an_engine_failure() {
    assertThat(failuresOf(ParseErrorsAsEngineFailures.class)).containsExactly(
        "answers_400_to_a_text_it_cannot_read NOT_DECODABLE");
  }

  @Test
  void catches_a_gateway_that_loses_the_carriers_message_id() {
    assertThat(failuresOf(MadeUpMessageId.class)).containsExactlyInAnyOrder(
        "sends_one_request_from_the_business_number_to_the_caller_and_returns_the_carriers_message_id",
        "records_the_carriers_message_id_on_the_text_it_accepted",
        "marks_the_text_delivered_when_the_carrier_reports_delivery",
        "marks_the_text_failed_when_the_carrier_could_not_deliver_it",
        "asks_the_carrier_to_redeliver_a_report_the_store_could_not_take_and_takes_the_redelivery",
        "keeps_the_first_delivery_time_when_a_report_arrives_twice",
        "applies_a_report_that_arrives_before_the_carriers_api_has_answered_the_send");
  }

  /** Runs the whole carrier contract for {@code kitRun}; returns the failed tests, with a parameter if any. */
  private static List<String> failuresOf(Class<?> kitRun) {
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(kitRun)).build();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(request, listener);
    TestExecutionSummary summary = listener.getSummary();
    assertThat(summary.getTestsSucceededCount()).as("kit tests that still pass").isPositive();
    return summary.getFailures().stream().map(f -> name(f.getTestIdentifier())).toList();
  }

  private static String name(TestIdentifier test) {
    String method = test.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
        .map(MethodSource::getMethodName).orElse(test.getDisplayName());
    String shown = test.getDisplayName();
    return shown.startsWith(method) ? method : method + " " + shown;
  }

  // Not named *Test and nested: surefire leaves them alone; only the launcher above runs them.

  static class AcceptsUnsigned extends SampleCarrierContractTest {
    @Override
    Set<SampleCarrier.Defect> defects() {
      return Set.of(SampleCarrier.Defect.ACCEPTS_UNSIGNED);
    }
  }

  static class NewCallIdPerWebhook extends SampleCarrierContractTest {
    @Override
    Set<SampleCarrier.Defect> defects() {
      return Set.of(SampleCarrier.Defect.NEW_CALL_ID_PER_WEBHOOK);
    }
  }

  static class RetriesInTheGateway extends SampleCarrierContractTest {
    @Override
    Set<SampleCarrier.Defect> defects() {
      return Set.of(SampleCarrier.Defect.RETRIES_IN_THE_GATEWAY);
    }
  }

  static class ParseErrorsAsEngineFailures extends SampleCarrierContractTest {
    @Override
    Set<SampleCarrier.Defect> defects() {
      return Set.of(SampleCarrier.Defect.PARSE_ERRORS_AS_ENGINE_FAILURES);
    }
  }

  static class MadeUpMessageId extends SampleCarrierContractTest {
    @Override
    Set<SampleCarrier.Defect> defects() {
      return Set.of(SampleCarrier.Defect.MADE_UP_MESSAGE_ID);
    }
  }
}
