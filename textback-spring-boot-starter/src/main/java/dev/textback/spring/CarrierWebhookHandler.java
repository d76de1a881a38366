package dev.textback.spring;

import dev.textback.webhook.WebhookEndpoint;
import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.HttpRequestHandler;

/**
 * One carrier webhook route in Spring MVC: hands the endpoint the raw body, the headers and the public URL, and
 * writes back what it answers. Signature checks, parsing and the engine call are the endpoint's.
 */
final class CarrierWebhookHandler implements HttpRequestHandler {
  private final WebhookEndpoint endpoint;
  private final @Nullable String publicBaseUrl;
  private final boolean trustForwarded;
  private final int maxBodyBytes;

  CarrierWebhookHandler(WebhookEndpoint endpoint, @Nullable String publicBaseUrl, boolean trustForwarded,
      int maxBodyBytes) {
    this.endpoint = endpoint;
    this.publicBaseUrl = publicBaseUrl;
    this.trustForwarded = trustForwarded;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
    byte[] body = WebhookBodyFilter.cached(request);
    if (body == null) { // mounted by the application, without the filter
      try (InputStream in = request.getInputStream()) {
        // Read one byte past the limit to tell "at the limit" from "over it" without trusting Content-Length.
        body = in.readNBytes(maxBodyBytes + 1);
      }
    }
    if (body.length > maxBodyBytes) {
      write(response, new WebhookResponse(413, "text/plain; charset=utf-8", "body too large\n"));
      return;
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      headers.put(name, new ArrayList<>(Collections.list(request.getHeaders(name))));
    }
    String url = PublicUrls.of(request, publicBaseUrl, trustForwarded);
    write(response, endpoint.handle(WebhookRequest.of(request.getMethod(), url, headers, body)));
  }

  private static void write(HttpServletResponse response, WebhookResponse answer) throws IOException {
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    response.setStatus(answer.status());
    response.setContentType(answer.contentType());
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
