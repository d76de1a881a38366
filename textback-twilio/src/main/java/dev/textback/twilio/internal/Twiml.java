package dev.textback.twilio.internal;

import dev.textback.carrier.XmlResponse;
import java.util.Map;

/**
 * TwiML {@code <Response>} documents, written by the carrier kit's {@link XmlResponse} (everything escaped), and the
 * content type they are served with.
 */
public final class Twiml {
  /** The content type TwiML responses are served with. */
  public static final String CONTENT_TYPE = "text/xml; charset=utf-8";

  private Twiml() {}

  /**
   * Starts a document.
   *
   * @return a writer for one {@code <Response>}
   */
  public static XmlResponse response() {
    return XmlResponse.response();
  }

  /**
   * {@code <Response/>}: nothing more to do (the call or the exchange simply ends).
   *
   * @return the document
   */
  public static String emptyResponse() {
    return XmlResponse.emptyResponse();
  }

  /**
   * Ordered attributes for an element; null values are left out.
   *
   * @param namesAndValues name, value, name, value…
   * @return the attributes in order
   */
  public static Map<String, String> attributes(String... namesAndValues) {
    return XmlResponse.attributes(namesAndValues);
  }
}
