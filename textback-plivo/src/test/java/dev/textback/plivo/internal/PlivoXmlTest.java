package dev.textback.plivo.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Everything from outside is escaped, so the document parses and says exactly what was given. */
class PlivoXmlTest {

  @Test
  void escapes_text_and_attributes_that_plivos_sdk_would_write_raw() throws Exception {
    String text = "Joe's \"Plumbing\" & <Heating> ]]> done";
    String url = "https://ex.com/record?outcome=BUSY&x=\"><Hangup/>";

    String xml = PlivoXml.response()
        .text("Speak", Map.of(), text)
        .empty("Record", PlivoXml.attributes("action", url, "method", "POST", "skipped", null))
        .build();

    Document doc = parse(xml);
    Element speak = (Element) doc.getElementsByTagName("Speak").item(0);
    Element record = (Element) doc.getElementsByTagName("Record").item(0);
    assertThat(speak.getTextContent()).isEqualTo(text);
    assertThat(record.getAttribute("action")).isEqualTo(url);
    assertThat(record.hasAttribute("skipped")).isFalse();
    assertThat(doc.getElementsByTagName("Hangup").getLength()).isZero();
  }

  @Test
  void drops_characters_xml_cannot_carry_and_keeps_emoji() throws Exception {
    String xml = PlivoXml.response().text("Message", Map.of(), "a\u0000b\u0008c 😀").build();

    assertThat(parse(xml).getElementsByTagName("Message").item(0).getTextContent()).isEqualTo("abc 😀");
  }

  @Test
  void writes_an_empty_response_and_refuses_unclosed_elements() {
    assertThat(PlivoXml.response().build()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
    assertThatThrownBy(() -> PlivoXml.response().start("Dial", Map.of()).build())
        .isInstanceOf(IllegalStateException.class);
  }

  private static Document parse(String xml) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }
}
