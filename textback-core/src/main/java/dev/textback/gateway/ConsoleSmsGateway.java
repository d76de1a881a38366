package dev.textback.gateway;

import dev.textback.phone.CarrierId;
import dev.textback.spi.SendReceipt;
import dev.textback.spi.SendRequest;
import dev.textback.spi.SmsGateway;
import dev.textback.template.SmsSegments;
import java.io.PrintStream;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints each text instead of sending it, for demos:
 *
 * <pre>SMS +1555***4567 -&gt; +1555***1234 (2 segments): Sorry we missed your call...</pre>
 *
 * <p>Numbers are masked; the body is printed in full because the console is the demo's screen. Do not point
 * it at a log that is kept. Receipts are {@code console-1}, {@code console-2}, ... with status
 * {@code accepted}. Thread-safe.
 */
public final class ConsoleSmsGateway implements SmsGateway {
  private final CarrierId carrier;
  private final PrintStream out;
  private final AtomicLong receipts = new AtomicLong();

  /** Prints to {@link System#out} as carrier {@code console}. */
  public ConsoleSmsGateway() {
    this(System.out);
  }

  /** Prints to {@code out} as carrier {@code console}. */
  public ConsoleSmsGateway(PrintStream out) {
    this(CarrierId.of("console"), out);
  }

  /** Prints to {@code out}, standing in for {@code carrier} so it answers events from that carrier. */
  public ConsoleSmsGateway(CarrierId carrier, PrintStream out) {
    this.carrier = Objects.requireNonNull(carrier, "carrier == null");
    this.out = Objects.requireNonNull(out, "out == null");
  }

  @Override
  public CarrierId carrier() {
    return carrier;
  }

  @Override
  public SendReceipt send(SendRequest request) {
    Objects.requireNonNull(request, "request == null");
    int segments = SmsSegments.analyze(request.body()).segments();
    out.println(line(request, segments));
    return new SendReceipt("console-" + receipts.incrementAndGet(), segments, "accepted");
  }

  static String line(SendRequest request, int segments) {
    return "SMS " + request.from().masked() + " -> " + request.to().masked() + " (" + segments
        + (segments == 1 ? " segment): " : " segments): ") + request.body();
  }

  @Override
  public String toString() {
    return "ConsoleSmsGateway[" + carrier + "]";
  }
}
