package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.TextBack;
import dev.textback.TextBackListener;
import dev.textback.spi.OutboxEntry;
import org.junit.jupiter.api.Test;

/**
 * TextBackListener: "The engine calls listeners inside try/catch: a failing listener is logged and never breaks a
 * send." A listener whose optional dependency is missing at run time fails with a LinkageError, not an exception.
 */
class EngineListenerErrorTest {
  private final EngineFixture f = new EngineFixture();

  @Test
  void a_listener_failing_with_an_error_does_not_keep_the_text_from_going_out() {
    TextBackListener broken = new TextBackListener() {
      @Override
      public void onSendAttempt(OutboxEntry entry) {
        throw new NoClassDefFoundError("io/micrometer/core/instrument/Timer");
      }
    };
    try (TextBack engine = f.engineBuilder().listener(broken).build()) {
      engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.runDueWork();
      engine.runDueWork();

      assertThat(f.gateway.sent()).as("the text-back, despite the failing listener").hasSize(1);
    }
  }
}
