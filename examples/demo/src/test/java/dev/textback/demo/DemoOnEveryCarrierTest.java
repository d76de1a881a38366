package dev.textback.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.demo.SimulatedCarrier.MissedCall;
import dev.textback.demo.SimulatedCarrier.Text;
import dev.textback.server.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo's story played through each carrier's simulator: the server's real adapter for that carrier takes the
 * simulator's signed webhooks and sends through its fake API, so the texts below are what the adapter sent.
 * Expected wording comes from the sample business's templates (demo-config.json).
 */
class DemoOnEveryCarrierTest {
  private static final String LINE = "+13035550142";
  private static final String OWNER = "+13035550177";
  private static final String MARIA = "+17205550142";
  private static final String JAMES = "+13035550123";
  private static final String PRIYA = "+17205550188";

  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private Demo demo;

  @AfterEach
  void stop() {
    if (demo != null) demo.close();
  }

  private SimulatedCarrier start(String carrier) throws Exception {
    Settings settings = Settings.from(Map.of("TEXTBACK_PORT", "0", "TEXTBACK_STORE", "memory"),
        new String[] {"--demo", "--carrier", carrier});
    demo = Demo.start(settings, Demo.sampleConfig(), new PrintStream(console, true, StandardCharsets.UTF_8));
    return demo.simulator();
  }

  /** The texts sent to callers (the owner also gets their replies relayed, which is not what this is about). */
  private List<Text> toCallers(SimulatedCarrier carrier) {
    demo.server().engine().runDueWork();
    return carrier.texts().stream().filter(t -> !t.to().equals(OWNER)).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"twilio", "vonage", "plivo"})
  void the_story_texts_maria_james_and_priya_from_the_business_number_and_honours_stop(String carrier)
      throws Exception {
    SimulatedCarrier simulator = start(carrier);
    assertThat(simulator.carrier().name()).isEqualTo(carrier);

    demo.playStory();
    List<Text> sent = toCallers(simulator);

    assertThat(sent).allSatisfy(t -> assertThat(t.from()).isEqualTo(LINE));
    assertThat(sent).extracting(Text::to).containsExactly(MARIA, JAMES, PRIYA, MARIA);
    assertThat(sent.get(0).body()).startsWith("Hi, this is Summit Heating & Cooling. Sorry we missed your call.");
    assertThat(sent.get(1).body()).contains("We were on another call when you rang.");
    assertThat(sent.get(2).body()).contains("Thanks for your voicemail");
    assertThat(sent.get(3).body()).isEqualTo("Hi Maria, it's Dave from Summit. We can be there by 4:30 today.");
    assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain("The story stopped early");
  }

  @ParameterizedTest
  @ValueSource(strings = {"twilio", "vonage", "plivo"})
  void a_missed_call_texts_the_caller_once_and_nothing_after_stop(String carrier) throws Exception {
    SimulatedCarrier simulator = start(carrier);

    simulator.missedCall(MARIA, LINE, MissedCall.NO_ANSWER);
    List<Text> afterCall = toCallers(simulator);
    simulator.missedCall(MARIA, LINE, MissedCall.NO_ANSWER);
    simulator.text(PRIYA, LINE, "STOP");
    simulator.missedCall(PRIYA, LINE, MissedCall.BUSY);
    simulator.missedCall("anonymous", LINE, MissedCall.CALLER_HUNG_UP);

    assertThat(afterCall).singleElement().satisfies(t -> {
      assertThat(t.from()).isEqualTo(LINE);
      assertThat(t.to()).isEqualTo(MARIA);
    });
    assertThat(toCallers(simulator)).containsExactlyElementsOf(afterCall);
  }
}
