package dev.textback.plivo;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * What slf4j-simple writes while a property runs, kept out of the build's output (ten thousand refusals are
 * expected) and searched for ERROR lines: the webhook pipeline and the webhooks log an exception they caught at
 * ERROR, so such a line is an exception that would otherwise have escaped (or a call that was not decided).
 * slf4j-simple looks up {@code System.err} on every line, which is why swapping it is enough. Not thread-safe: a
 * property's tries run on one thread.
 */
final class CapturedLog implements AutoCloseable {
  private static final Pattern ERROR_LINE = Pattern.compile("(?m)^\\[[^\\]\\n]*\\] ERROR .*$");

  private final PrintStream original = System.err;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  private CapturedLog() {
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  static CapturedLog start() {
    return new CapturedLog();
  }

  /** The ERROR lines logged since the last call; what was captured before is dropped. */
  List<String> errors() {
    String text = captured.toString(StandardCharsets.UTF_8);
    captured.reset();
    return ERROR_LINE.matcher(text).results().map(MatchResult::group).toList();
  }

  @Override
  public void close() {
    System.setErr(original);
  }
}
