package dev.textback.vonage.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Writes a Nexmo Call Control Object: the JSON array of actions a Voice answer or synchronous event webhook
 * returns. Only the actions and options the adapter uses. Not thread-safe; one per response.
 */
public final class Ncco {
  /** The media type Vonage expects an NCCO in. */
  public static final String CONTENT_TYPE = "application/json";

  private static final JsonFactory FACTORY = new JsonFactory();

  private final StringWriter out = new StringWriter();
  private final JsonGenerator json;

  private Ncco() {
    try {
      json = FACTORY.createGenerator(out);
      json.writeStartArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return an NCCO with no actions yet (as it stands, one that ends the call) */
  public static Ncco actions() {
    return new Ncco();
  }

  /**
   * A {@code connect} to a phone, with its call-state events posted to {@code eventUrl} synchronously, so the
   * reply to a missed state can replace the NCCO.
   *
   * @param fromDigits the caller id shown to the callee: one of the account's numbers, digits only
   * @param toDigits the phone to ring, digits only
   * @param timeoutSeconds how long it rings
   * @param eventUrl where the leg's events go
   * @param machineDetection whether to report a machine answering ({@code continue})
   * @return this NCCO
   */
  public Ncco connect(String fromDigits, String toDigits, long timeoutSeconds, String eventUrl,
      boolean machineDetection) {
    return write(() -> {
      json.writeStartObject();
      json.writeStringField("action", "connect");
      json.writeStringField("from", fromDigits);
      json.writeNumberField("timeout", timeoutSeconds);
      json.writeStringField("eventType", "synchronous");
      json.writeArrayFieldStart("eventUrl");
      json.writeString(eventUrl);
      json.writeEndArray();
      json.writeStringField("eventMethod", "POST");
      if (machineDetection) json.writeStringField("machineDetection", "continue");
      json.writeArrayFieldStart("endpoint");
      json.writeStartObject();
      json.writeStringField("type", "phone");
      json.writeStringField("number", toDigits);
      json.writeEndObject();
      json.writeEndArray();
      json.writeEndObject();
    });
  }

  /**
   * A {@code talk} action.
   *
   * @param text what the caller hears
   * @return this NCCO
   */
  public Ncco talk(String text) {
    return write(() -> {
      json.writeStartObject();
      json.writeStringField("action", "talk");
      json.writeStringField("text", text);
      json.writeEndObject();
    });
  }

  /**
   * A {@code record} action after a beep, ending on 3 s of silence, {@code #} or {@code maxSeconds}, its result
   * posted to {@code eventUrl}.
   *
   * @param maxSeconds longest recording
   * @param eventUrl where the record event goes
   * @return this NCCO
   */
  public Ncco record(long maxSeconds, String eventUrl) {
    return write(() -> {
      json.writeStartObject();
      json.writeStringField("action", "record");
      json.writeBooleanField("beepStart", true);
      json.writeNumberField("endOnSilence", 3);
      json.writeStringField("endOnKey", "#");
      json.writeNumberField("timeOut", maxSeconds);
      json.writeArrayFieldStart("eventUrl");
      json.writeString(eventUrl);
      json.writeEndArray();
      json.writeStringField("eventMethod", "POST");
      json.writeEndObject();
    });
  }

  /**
   * A {@code notify} action: Vonage posts {@code payload} to {@code eventUrl} and the NCCO that comes back
   * replaces the rest of this one.
   *
   * @param payload the fields posted, in order
   * @param eventUrl where they go
   * @return this NCCO
   */
  public Ncco notify(java.util.Map<String, String> payload, String eventUrl) {
    return write(() -> {
      json.writeStartObject();
      json.writeStringField("action", "notify");
      json.writeObjectFieldStart("payload");
      for (java.util.Map.Entry<String, String> e : payload.entrySet()) json.writeStringField(e.getKey(), e.getValue());
      json.writeEndObject();
      json.writeArrayFieldStart("eventUrl");
      json.writeString(eventUrl);
      json.writeEndArray();
      json.writeStringField("eventMethod", "POST");
      json.writeEndObject();
    });
  }

  /** @return the NCCO's JSON text */
  public String build() {
    return write(() -> {
      json.writeEndArray();
      json.close();
    }).out.toString();
  }

  private interface Step {
    void run() throws IOException;
  }

  private Ncco write(Step step) {
    try {
      step.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }
}
