package dev.textback.carrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class XmlResponseTest {
  private static final String XML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

  @Test
  void escapes_text_and_attribute_values() {
    String twiml = XmlResponse.response()
        .text("Message", XmlResponse.attributes("action", "https://x.example/a?b=1&c=\"2\""), "Tom & Jerry's <café> 👍")
        .build();

    assertThat(twiml).isEqualTo(XML + "<Response><Message action=\"https://x.example/a?b=1&amp;c=&quot;2&quot;\">"
        + "Tom &amp; Jerry&apos;s &lt;café&gt; 👍</Message></Response>");
  }

  @Test
  void drops_characters_xml_cannot_carry() {
    String twiml = XmlResponse.response().text("Say", Map.of(), "a\u0000b\u0007c\td\n\uD800e\uFFFF").build();

    assertThat(twiml).isEqualTo(XML + "<Response><Say>abc\td\ne</Say></Response>");
  }

  @Test
  void leaves_out_attributes_without_a_value() {
    String twiml = XmlResponse.response().empty("Record", XmlResponse.attributes("action", "/r", "timeout", null)).build();

    assertThat(twiml).isEqualTo(XML + "<Response><Record action=\"/r\"/></Response>");
  }

  @Test
  void writes_an_empty_response_when_nothing_was_added() {
    assertThat(XmlResponse.response().build()).isEqualTo(XML + "<Response/>");
  }

  @Test
  void refuses_to_write_an_unbalanced_document() {
    assertThatThrownBy(() -> XmlResponse.response().start("Dial", Map.of()).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> XmlResponse.response().start("Dial", Map.of()).end("Gather"))
        .isInstanceOf(IllegalStateException.class);
  }
}
