package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.TextBack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A caller ID is whatever the carrier sent (a SIP caller's, a client's): the engine's log line for the call shows it
 * masked and on one line, so a line break in it cannot forge a log line of its own.
 */
class CallerIdLogLineTest {
  private final EngineFixture f = new EngineFixture();

  @Test
  void a_caller_id_with_line_breaks_stays_within_the_call_s_log_line() {
    String forged = "x\n[main] ERROR dev.textback.Forged - \nFORGED";
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (TextBack engine = f.engineBuilder().build()) {
      engine.onCall(f.missedCall("CA-forged", forged));
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);

    assertThat(log).contains("call CA-forged from x?[ma***RGED to ");
    assertThat(log.lines()).noneMatch(line -> line.startsWith("[main] ERROR dev.textback.Forged"))
        .noneMatch(line -> line.startsWith("FORGED"));
  }
}
