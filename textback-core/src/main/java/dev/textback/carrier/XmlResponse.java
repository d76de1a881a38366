package dev.textback.carrier;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Writes the XML {@code <Response>} document carriers take as an answer to a voice or messaging webhook (Twilio's
 * TwiML, Plivo XML). Every attribute value and every text is XML-escaped, and characters XML 1.0 cannot carry are
 * dropped, so user-supplied texts (help replies, greetings) and callback URLs can never break the document. Not
 * thread-safe; one instance per response.
 */
public final class XmlResponse {
  private static final String PROLOG = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

  private final StringBuilder xml = new StringBuilder(PROLOG).append("<Response>");
  private final Deque<String> open = new ArrayDeque<>();
  private boolean empty = true;

  private XmlResponse() {}

  /**
   * Starts a document.
   *
   * @return a writer for one {@code <Response>}
   */
  public static XmlResponse response() {
    return new XmlResponse();
  }

  /**
   * {@code <Response/>}: nothing more to do (the call or the exchange simply ends).
   *
   * @return the document
   */
  public static String emptyResponse() {
    return PROLOG + "<Response/>";
  }

  /**
   * Ordered attributes for an element; null values are left out.
   *
   * @param namesAndValues name, value, name, value…
   * @return the attributes in order
   */
  public static Map<String, String> attributes(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) throw new IllegalArgumentException("names and values must pair up");
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] != null) out.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return out;
  }

  /**
   * An element with text content, e.g. {@code <Say>…</Say>}.
   *
   * @param name the element
   * @param attributes its attributes, escaped here
   * @param text its text, escaped here
   * @return this writer
   */
  public XmlResponse text(String name, Map<String, String> attributes, String text) {
    openTag(name, attributes).append('>');
    escape(Objects.requireNonNull(text, "text == null"), xml);
    xml.append("</").append(name).append('>');
    return this;
  }

  /**
   * An element without content, e.g. {@code <Hangup/>}.
   *
   * @param name the element
   * @param attributes its attributes, escaped here
   * @return this writer
   */
  public XmlResponse empty(String name, Map<String, String> attributes) {
    openTag(name, attributes).append("/>");
    return this;
  }

  /**
   * Opens an element that contains others (e.g. {@code <Dial>}); close it with {@link #end(String)}.
   *
   * @param name the element
   * @param attributes its attributes, escaped here
   * @return this writer
   */
  public XmlResponse start(String name, Map<String, String> attributes) {
    openTag(name, attributes).append('>');
    open.push(name);
    return this;
  }

  /**
   * Closes the innermost element opened with {@link #start}.
   *
   * @param name the element, which must be the innermost open one
   * @return this writer
   */
  public XmlResponse end(String name) {
    if (!name.equals(open.peek())) throw new IllegalStateException("<" + name + "> is not the open element");
    open.pop();
    xml.append("</").append(name).append('>');
    return this;
  }

  /**
   * The document.
   *
   * @return the XML, with its prolog
   * @throws IllegalStateException when an element is still open
   */
  public String build() {
    if (!open.isEmpty()) throw new IllegalStateException("unclosed elements: " + open);
    return empty ? emptyResponse() : xml + "</Response>";
  }

  private StringBuilder openTag(String name, Map<String, String> attributes) {
    empty = false;
    xml.append('<').append(name);
    attributes.forEach((k, v) -> {
      xml.append(' ').append(k).append("=\"");
      escape(v, xml);
      xml.append('"');
    });
    return xml;
  }

  /** XML-escapes {@code text} into {@code out}, dropping characters XML 1.0 does not allow. */
  static void escape(String text, StringBuilder out) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&':
          out.append("&amp;");
          break;
        case '<':
          out.append("&lt;");
          break;
        case '>':
          out.append("&gt;");
          break;
        case '"':
          out.append("&quot;");
          break;
        case '\'':
          out.append("&apos;");
          break;
        default:
          if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
            out.append(c).append(text.charAt(++i));
          } else if (allowedInXml(c)) {
            out.append(c);
          }
      }
    }
  }

  private static boolean allowedInXml(char c) {
    if (c == '\t' || c == '\n' || c == '\r') return true;
    if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) return false;
    return !Character.isSurrogate(c);
  }
}
