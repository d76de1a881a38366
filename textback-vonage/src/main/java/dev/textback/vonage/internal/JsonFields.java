package dev.textback.vonage.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.textback.webhook.MalformedWebhookException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON object into its scalar fields, nested names joined with dots ({@code sms.keyword},
 * {@code error.title}), every value as text as it appeared (numbers and booleans too: Vonage sends
 * {@code "title": 1000} in one place and {@code "title": "1000"} in another). Arrays are skipped: nothing the
 * adapter reads lives in one. Streaming, so a hostile body costs no tree. Thread-safe.
 */
public final class JsonFields {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(1 << 20).build())
      .build();

  private JsonFields() {}

  /**
   * The fields of {@code json}, in order; a JSON {@code null} is left out.
   *
   * @param json the body
   * @return dotted name to value
   * @throws MalformedWebhookException when the body is not one JSON object
   */
  public static Map<String, String> read(byte[] json) {
    Map<String, String> out = new LinkedHashMap<>();
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) throw new MalformedWebhookException("body is not a JSON object");
      List<String> path = new ArrayList<>();
      readObject(p, path, out);
      if (p.nextToken() != null) throw new MalformedWebhookException("body has content after its JSON object");
    } catch (IOException e) {
      throw new MalformedWebhookException("body is not valid JSON: " + firstLine(e.getMessage()));
    }
    return out;
  }

  private static void readObject(JsonParser p, List<String> path, Map<String, String> out) throws IOException {
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      path.add(p.currentName());
      JsonToken value = p.nextToken();
      if (value == JsonToken.START_OBJECT) {
        readObject(p, path, out);
      } else if (value == JsonToken.START_ARRAY) {
        p.skipChildren();
      } else if (value != JsonToken.VALUE_NULL && value != null) {
        out.putIfAbsent(String.join(".", path), p.getText());
      }
      path.remove(path.size() - 1);
    }
    if (t != JsonToken.END_OBJECT) throw new MalformedWebhookException("body is not valid JSON: object not closed");
  }

  private static String firstLine(String message) {
    if (message == null) return "unreadable";
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
