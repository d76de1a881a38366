package dev.textback.demo;

import dev.textback.phone.CarrierId;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A carrier played on loopback, so the demo's story runs without credentials or network: a fake send API the
 * server's real adapter talks to, and the carrier's own signed webhooks into the server. The story speaks only
 * this interface, so it plays the same through {@link TwilioSimulator}, {@link VonageSimulator} and
 * {@link PlivoSimulator}.
 *
 * <p>Numbers given to and returned by these methods are E.164 ({@code +17205550142}), or {@code anonymous} for a
 * withheld caller; each simulator puts them on the wire the way its carrier does.
 */
public interface SimulatedCarrier extends AutoCloseable {
  /** How a simulated call goes unanswered. */
  enum MissedCall {
    /** The business phone rings out. */
    NO_ANSWER,
    /** The business phone is busy. */
    BUSY,
    /** The business phone rings out and the caller leaves a 20-second voicemail. */
    VOICEMAIL,
    /** The caller hangs up while the business phone still rings. */
    CALLER_HUNG_UP
  }

  /**
   * A text the server sent through the simulator's send API.
   *
   * @param id the carrier's message id
   * @param from the sending number, E.164
   * @param to the recipient, E.164
   * @param body the text
   */
  record Text(String id, String from, String to, String body) {}

  /** Which carrier this plays; its adapter's id. */
  CarrierId carrier();

  /**
   * The server's settings for this carrier: credentials, the fake API's base URL, voicemail on, and the status
   * callback URL where the carrier takes one per text.
   *
   * @param serverBaseUrl where the server will listen, e.g. {@code http://127.0.0.1:8080}
   * @return environment variables to give the server
   */
  Map<String, String> serverEnv(String serverBaseUrl);

  /**
   * Where the server under test listens, e.g. {@code http://127.0.0.1:8080}: the webhooks go there.
   *
   * @param baseUrl the server's base URL
   */
  void webhooksAt(String baseUrl);

  /**
   * Places a call from {@code from} to the business number {@code to} that goes unanswered as {@code kind} says,
   * through every webhook the carrier sends for such a call, ending with the call's final status.
   *
   * @param from the caller
   * @param to the business number
   * @param kind how the call goes unanswered
   * @return the carrier's id for the call
   * @throws IOException when a webhook was not answered 2xx
   */
  String missedCall(String from, String to, MissedCall kind) throws IOException;

  /**
   * Delivers a text from {@code from} to the business number {@code to}.
   *
   * @param from the sender
   * @param to the business number
   * @param body the text
   * @return the reply the server gave in its answer to the webhook, for carriers that take one
   * @throws IOException when the webhook was not answered 2xx
   */
  Optional<String> text(String from, String to, String body) throws IOException;

  /**
   * The texts the server sent through the fake send API, in the order they arrived. Each accepted text gets
   * the carrier's delivery reports (sent, then delivered) through its status callback, as the carrier would.
   *
   * @return a snapshot of the texts sent
   */
  List<Text> texts();

  /** Stops the fake API and the webhook threads. */
  @Override
  void close();

  /**
   * A simulator of the carrier {@code name}.
   *
   * @param name {@code twilio}, {@code vonage} or {@code plivo}
   * @param console where the simulator narrates what the carrier does
   * @param clock the server's clock, for carriers that sign with a time the server checks
   * @return the running simulator
   * @throws IOException when its fake API cannot listen
   * @throws IllegalArgumentException for another name
   */
  static SimulatedCarrier start(String name, PrintStream console, Clock clock) throws IOException {
    return switch (name) {
      case "twilio" -> new TwilioSimulator(console);
      case "vonage" -> new VonageSimulator(console, clock);
      case "plivo" -> new PlivoSimulator(console);
      default -> throw new IllegalArgumentException("no simulator of carrier '" + name + "'");
    };
  }
}
