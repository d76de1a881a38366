package dev.textback.plivo.internal;

import dev.textback.carrier.XmlResponse;
import java.util.Map;

/**
 * Plivo XML {@code <Response>} documents, written by the carrier kit's {@link XmlResponse} (everything escaped:
 * Plivo's own SDK writes texts and URLs unescaped), and the content type they are served with.
 */
public final class PlivoXml {
  /** The content type Plivo XML is served with (Plivo accepts {@code application/xml} and {@code text/xml}). */
  public static final String CONTENT_TYPE = "application/xml; charset=utf-8";

  private PlivoXml() {}

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
