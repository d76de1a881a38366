package dev.textback.twilio;

import dev.textback.webhook.WebhookRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio-shaped webhook payloads from {@code src/test/resources/twilio}, form-encoded and signed the way
 * Twilio signs them (computed here with the JDK's HMAC, not with the verifier under test).
 */
final class TwilioFixtures {
  static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
  static final String AUTH_TOKEN = "9f3b6e2a41c8d7e05b1a2c3d4e5f6071";
  static final String BASE = "https://textback.example.com/webhooks/twilio";
  static final String CALLER = "+12015550123";
  static final String BUSINESS = "+12025550182";
  static final String BUSINESS_CELL = "+12125550147";

  private TwilioFixtures() {}

  static TwilioConfig.Builder config() {
    return TwilioConfig.builder().accountSid(ACCOUNT_SID).authToken(AUTH_TOKEN);
  }

  static String url(String route) {
    return BASE + "/" + route;
  }

  static Payload load(String name) {
    try (InputStream in = TwilioFixtures.class.getResourceAsStream("/twilio/" + name + ".params")) {
      if (in == null) throw new IllegalArgumentException("no fixture " + name);
      Payload p = new Payload();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank()) continue;
        int eq = line.indexOf('=');
        p.with(line.substring(0, eq), line.substring(eq + 1));
      }
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String resource(String name) {
    try (InputStream in = TwilioFixtures.class.getResourceAsStream("/twilio/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Base64(HMAC-SHA1(token, url + each name and value, names sorted)). */
  static String sign(String token, String url, Map<String, List<String>> params) {
    StringBuilder data = new StringBuilder(url);
    params.keySet().stream().sorted().forEach(name ->
        params.get(name).stream().distinct().sorted().forEach(value -> data.append(name).append(value)));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A webhook's parameters, editable, in the order Twilio sends them. */
  static final class Payload {
    final Map<String, List<String>> params = new LinkedHashMap<>();

    Payload with(String name, String value) {
      params.computeIfAbsent(name, k -> new ArrayList<>()).clear();
      params.get(name).add(value);
      return this;
    }

    Payload without(String name) {
      params.remove(name);
      return this;
    }

    String formBody() {
      return params.entrySet().stream()
          .flatMap(e -> e.getValue().stream().map(v -> encode(e.getKey()) + "=" + encode(v)))
          .collect(Collectors.joining("&"));
    }

    /** A POST to {@code url} signed with the fixtures' auth token. */
    WebhookRequest signedPost(String url) {
      return post(url, sign(AUTH_TOKEN, url, params));
    }

    /** A POST Twilio signed for {@code publicUrl} that reaches the application as {@code localUrl} (a proxy). */
    WebhookRequest signedPost(String publicUrl, String localUrl) {
      return post(localUrl, sign(AUTH_TOKEN, publicUrl, params));
    }

    WebhookRequest post(String url, String signature) {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      if (signature != null) headers.put("X-Twilio-Signature", List.of(signature));
      return WebhookRequest.formPost(url, headers, formBody());
    }

    private static String encode(String s) {
      return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
  }
}
