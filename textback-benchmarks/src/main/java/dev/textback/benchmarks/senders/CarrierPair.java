package dev.textback.benchmarks.senders;

/**
 * One carrier in the sender comparison: what its fake API answers, and the two clients sending through it, textback's
 * gateway and the carrier's official SDK, both pointed at the fake. Adding a carrier is one class implementing this
 * (and a line in {@link SenderComparison#PAIRS}).
 */
public interface CarrierPair {
  /** The carrier's name, as the report prints it. */
  String carrier();

  /** The name of the official SDK, with its version. */
  String officialSdk();

  /** What the fake API answers every send with. */
  FakeCarrierApi.Answer answer();

  /** textback's gateway, sending to {@code baseUrl} (the fake's {@code http://127.0.0.1:port}). */
  Sender textback(String baseUrl, int concurrency) throws Exception;

  /** The official SDK, sending to the fake at {@code port} with its default client settings. */
  Sender official(String baseUrl, int port, int concurrency) throws Exception;
}
