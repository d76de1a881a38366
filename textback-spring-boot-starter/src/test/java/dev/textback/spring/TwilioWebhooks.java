package dev.textback.spring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.MockResponse;
import okhttp3.Headers;

/** Twilio's side in the tests: its webhook payloads, signed the way Twilio documents, and its Messages API answer. */
final class TwilioWebhooks {
  static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
  static final String AUTH_TOKEN = "0123456789abcdef0123456789abcdef";
  static final String MESSAGES_PATH = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";

  private static final HttpClient http = HttpClient.newHttpClient();

  private TwilioWebhooks() {}

  /** The {@code <Dial>} action Twilio posts when the forwarded call rang out, from {@code caller}. */
  static Map<String, String> dialNoAnswer(String callSid, String caller) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String line : resource("dial-no-answer.params").split("\n")) {
      if (line.isBlank()) continue;
      int eq = line.indexOf('=');
      params.put(line.substring(0, eq), line.substring(eq + 1).trim());
    }
    params.put("CallSid", callSid);
    params.put("From", caller);
    params.put("Caller", caller);
    return params;
  }

  /** Base64(HMAC-SHA1(auth token, URL + every parameter name and value, names sorted)), as Twilio signs. */
  static String sign(String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    params.keySet().stream().sorted().forEach(name -> data.append(name).append(params.get(name)));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(AUTH_TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Posts the form to {@code url} with {@code signature} and the given extra headers; returns the response. */
  static HttpResponse<String> post(String url, Map<String, String> params, String signature, String... headers)
      throws IOException, InterruptedException {
    String form = params.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", signature)
        .POST(HttpRequest.BodyPublishers.ofString(form));
    if (headers.length > 0) request.headers(headers);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Posts a correctly signed form to {@code url}. */
  static HttpResponse<String> postSigned(String url, Map<String, String> params)
      throws IOException, InterruptedException {
    return post(url, params, sign(url, params));
  }

  static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** What the Messages API answers to an accepted message. */
  static MockResponse messageCreated() {
    return new MockResponse(201, Headers.of("Content-Type", "application/json"), resource("message-created.json"));
  }

  private static String resource(String name) {
    try (InputStream in = TwilioWebhooks.class.getResourceAsStream("/twilio/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
