package dev.textback.spring;

import dev.textback.webhook.MalformedWebhookException;
import dev.textback.webhook.WebhookRequest;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;

/**
 * Reads a carrier webhook's body before any other filter can. A form-encoded POST whose parameters something asks
 * for first (Spring's hidden-method filter, request-detail logging, an application's own filter) has its body used
 * up by the servlet container, and the webhook's signature would then be checked against an empty body and refused
 * for good (403). The bytes are kept as a request attribute for {@link CarrierWebhookHandler}, and filters that run
 * after this one still get a form's parameters from them, as the container would have given them.
 */
final class WebhookBodyFilter implements Filter, Ordered {
  /** The request attribute holding the body read here: at most one byte past the limit. */
  static final String BODY = WebhookBodyFilter.class.getName() + ".body";

  private final Set<String> paths;
  private final int maxBodyBytes;

  WebhookBodyFilter(Set<String> paths, int maxBodyBytes) {
    this.paths = Set.copyOf(paths);
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public int getOrder() {
    // Right after the character-encoding filter, which reads nothing.
    return Ordered.HIGHEST_PRECEDENCE + 1;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest http) || !isWebhook(http)) {
      chain.doFilter(request, response);
      return;
    }
    byte[] body;
    try (InputStream in = http.getInputStream()) {
      // One byte past the limit tells "at the limit" from "over it" without trusting Content-Length.
      body = in.readNBytes(maxBodyBytes + 1);
    }
    http.setAttribute(BODY, body);
    chain.doFilter(new CachedBody(http, body, maxBodyBytes), response);
  }

  /** A webhook route, also under a servlet path or context path that prefixes it. */
  private boolean isWebhook(HttpServletRequest request) {
    String uri = request.getRequestURI();
    for (String path : paths) {
      if (uri.endsWith(path)) return true;
    }
    return false;
  }

  /** The body, as read once, for whatever reads the stream after this filter. */
  static byte @Nullable [] cached(HttpServletRequest request) {
    return request.getAttribute(BODY) instanceof byte[] body ? body : null;
  }

  private static final class CachedBody extends HttpServletRequestWrapper {
    private final byte[] body;
    private final int maxBodyBytes;
    private @Nullable Map<String, String[]> parameters;

    CachedBody(HttpServletRequest request, byte[] body, int maxBodyBytes) {
      super(request);
      this.body = body;
      this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * The query string's parameters, then a form body's, as the servlet specification orders them. The container
     * cannot read them from the body any more, since this filter did. A body past the limit, or one whose encoding
     * is broken, adds none: the webhook handler refuses those requests with their own answer.
     */
    @Override
    public Map<String, String[]> getParameterMap() {
      Map<String, String[]> known = parameters;
      if (known != null) return known;
      Map<String, List<String>> merged = new LinkedHashMap<>();
      super.getParameterMap().forEach((name, values) -> merged.put(name, new ArrayList<>(List.of(values))));
      if (isForm() && body.length <= maxBodyBytes) {
        try {
          WebhookRequest.parseForm(new String(body, charset()))
              .forEach((name, values) -> merged.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
        } catch (MalformedWebhookException e) {
          // Left to the webhook handler, which answers 400 with the reason.
        }
      }
      Map<String, String[]> out = new LinkedHashMap<>();
      merged.forEach((name, values) -> out.put(name, values.toArray(String[]::new)));
      known = Collections.unmodifiableMap(out);
      parameters = known;
      return known;
    }

    @Override
    public @Nullable String getParameter(String name) {
      String[] values = getParameterMap().get(name);
      return values == null || values.length == 0 ? null : values[0];
    }

    @Override
    public Enumeration<String> getParameterNames() {
      return Collections.enumeration(getParameterMap().keySet());
    }

    @Override
    public String @Nullable [] getParameterValues(String name) {
      String[] values = getParameterMap().get(name);
      return values == null ? null : values.clone();
    }

    private boolean isForm() {
      String type = getContentType();
      return "POST".equalsIgnoreCase(getMethod()) && type != null
          && type.split(";", 2)[0].trim().equalsIgnoreCase("application/x-www-form-urlencoded");
    }

    private Charset charset() {
      String encoding = getCharacterEncoding();
      try {
        return encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
      } catch (IllegalArgumentException e) {
        return StandardCharsets.UTF_8;
      }
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("the body was read before; read it blocking");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      String encoding = getCharacterEncoding();
      return new BufferedReader(new InputStreamReader(getInputStream(),
          encoding == null ? StandardCharsets.ISO_8859_1 : java.nio.charset.Charset.forName(encoding)));
    }
  }
}
