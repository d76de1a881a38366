package dev.textback.recipes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.textback.TextBack;
import dev.textback.business.BusinessDirectory;
import dev.textback.business.BusinessProfile;
import dev.textback.store.InMemoryTextBackStore;
import dev.textback.template.MessageTemplates;
import dev.textback.template.Situation;
import dev.textback.twilio.TwilioCarrier;
import dev.textback.twilio.TwilioConfig;
import dev.textback.twilio.TwilioSignatureVerifier;
import dev.textback.webhook.WebhookEndpoint;
import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Twilio's webhooks mounted in your own HTTP server (the JDK's here; any server that gives you the method, URL,
 * headers and raw body works the same way). To run offline, the same server also plays Twilio: it signs and
 * posts a missed call's status callback, and stands in for the Messages API that receives the text.
 */
public class TwilioWebhooksInYourServer {
  static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
  static final String AUTH_TOKEN = "0123456789abcdef0123456789abcdef"; // from your Twilio console, never in code

  public static void main(String[] args) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String publicUrl = "http://127.0.0.1:" + server.getAddress().getPort(); // what Twilio calls, e.g. your https URL

    TwilioConfig twilio = TwilioConfig.builder()
        .accountSid(ACCOUNT_SID).authToken(AUTH_TOKEN)
        .publicBaseUrl(publicUrl)
        .apiBaseUrl(publicUrl)            // only for this offline run: the default is https://api.twilio.com
        .build();
    BusinessProfile summit = BusinessProfile.builder()
        .id("summit").displayName("Summit Heating & Cooling").number("+13035550142")
        .templates(MessageTemplates.builder("en")
            .add(Situation.DEFAULT, "en", "Hi, this is {business}. Sorry we missed your call. "
                + "Reply here with your issue. Reply STOP to opt out.")
            .build())
        .build();
    TextBack engine = TextBack.builder()
        .businesses(BusinessDirectory.of(summit))
        .store(new InMemoryTextBackStore())
        .carrier(TwilioCarrier.create(twilio))
        .clock(Clock.fixed(Instant.parse("2026-07-14T18:00:00Z"), ZoneOffset.UTC)) // noon in Denver
        .build();

    // Mount every Twilio route (/webhooks/twilio/voice, .../voice/status, .../sms, ...) as it is.
    engine.webhooks().values().forEach(carrier -> carrier.byPath().forEach((path, endpoint) ->
        server.createContext(path, exchange -> serve(exchange, publicUrl, endpoint))));
    server.createContext("/2010-04-01/", TwilioWebhooksInYourServer::fakeMessagesApi);
    server.start();
    engine.start();
    try {
      // Twilio's status callback for a call to +13035550142 that nobody answered (it forwards nowhere).
      Map<String, String> call = new LinkedHashMap<>();
      call.put("AccountSid", ACCOUNT_SID);
      call.put("CallSid", "CA11111111111111111111111111111111");
      call.put("From", "+17205550123");
      call.put("To", "+13035550142");
      call.put("Direction", "inbound");
      call.put("CallStatus", "completed");
      call.put("CallDuration", "0");
      call.put("Timestamp", "Tue, 14 Jul 2026 18:00:00 +0000");
      int status = postAsTwilio(publicUrl + "/webhooks/twilio/voice/status", call);
      System.out.println("Twilio's status callback answered " + status);
      engine.runDueWork(); // the dispatcher sends on its own; this waits for it in a short-lived program
    } finally {
      engine.close();
      server.stop(0);
    }
  }

  /** Hands one request to a textback endpoint and writes its answer back. */
  static void serve(HttpExchange exchange, String publicUrl, WebhookEndpoint endpoint) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    WebhookRequest request = WebhookRequest.of(exchange.getRequestMethod(),
        publicUrl + exchange.getRequestURI(), exchange.getRequestHeaders(), body);
    WebhookResponse response = endpoint.handle(request);
    byte[] out = response.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    exchange.sendResponseHeaders(response.status(), out.length == 0 ? -1 : out.length);
    try (OutputStream o = exchange.getResponseBody()) {
      o.write(out);
    }
  }

  /** Posts a form signed with the auth token, as Twilio does. */
  static int postAsTwilio(String url, Map<String, String> form) throws Exception {
    Map<String, List<String>> params = new LinkedHashMap<>();
    form.forEach((k, v) -> params.put(k, List.of(v)));
    String signature = new TwilioSignatureVerifier(AUTH_TOKEN, null).sign(url, params);
    String body = form.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header(TwilioSignatureVerifier.SIGNATURE_HEADER, signature)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** Stands in for Twilio's Messages API: prints the text it was asked to send and accepts it. */
  static void fakeMessagesApi(HttpExchange exchange) throws IOException {
    Map<String, List<String>> form = WebhookRequest.parseForm(
        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    System.out.println("Twilio was asked to text " + form.get("To").get(0) + " from " + form.get("From").get(0)
        + ": " + form.get("Body").get(0));
    byte[] created = ("{\"sid\":\"SM" + "0".repeat(32) + "\",\"status\":\"queued\",\"num_segments\":\"1\"}")
        .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(201, created.length);
    try (OutputStream o = exchange.getResponseBody()) {
      o.write(created);
    }
  }
}
