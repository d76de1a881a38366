package dev.textback.carrier;

import dev.textback.phone.CarrierId;
import dev.textback.spi.RetriableSendException;
import dev.textback.spi.SendException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one send request to a carrier's API and nothing more: the body goes out at most once
 * ({@link OneShotBody}), the answer is read up to a limit, and a network failure becomes a
 * {@link RetriableSendException} that says honestly whether the request may have reached the carrier. No
 * retries here: the engine's dispatcher owns them. Thread-safe.
 */
public final class CarrierHttp {
  /** Answers are read up to this many bytes: carriers answer with small JSON documents. */
  public static final int MAX_RESPONSE_BYTES = 64 * 1024;

  private static final Logger log = LoggerFactory.getLogger(CarrierHttp.class);

  private final CarrierId carrier;
  private final String displayName;
  private final OkHttpClient client;

  /**
   * Pooled connections idle longer than this are not reused for a send (default): below the idle timeouts of
   * common load balancers and proxies (60 s and up), so a send never races a peer closing its end.
   */
  public static final Duration DEFAULT_MAX_IDLE = Duration.ofSeconds(50);

  /**
   * Idle connections a {@linkplain #defaultClient default client} keeps: as many as the sends that may run at once
   * (the engine's {@code sendConcurrency}, 4 by default, rarely above a few dozen), so concurrent senders find a
   * pooled connection instead of opening one (a TLS handshake each against a real API). OkHttp's own default keeps
   * 5, which makes 16 senders open new connections all the time.
   */
  public static final int DEFAULT_IDLE_CONNECTIONS = 64;

  /**
   * A new client for an adapter that was given none: its pool keeps up to {@code idleConnections} idle connections
   * (one per concurrent send) for {@link #DEFAULT_MAX_IDLE}, after which they would not be reused anyway.
   *
   * @param idleConnections at least the number of sends that run at once
   * @throws IllegalArgumentException when {@code idleConnections} is below 1
   */
  public static OkHttpClient defaultClient(int idleConnections) {
    if (idleConnections < 1) throw new IllegalArgumentException("idleConnections < 1: " + idleConnections);
    return new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(idleConnections, DEFAULT_MAX_IDLE.toMillis(), TimeUnit.MILLISECONDS))
        .build();
  }

  /**
   * @param client shares its connection pool and dispatcher; derive it with {@link #client} to apply the
   *     adapter's timeouts
   */
  public CarrierHttp(CarrierId carrier, String displayName, OkHttpClient client) {
    this(carrier, displayName, client, DEFAULT_MAX_IDLE);
  }

  /** As {@link #CarrierHttp(CarrierId, String, OkHttpClient)}, reusing connections idle at most {@code maxIdle}. */
  public CarrierHttp(CarrierId carrier, String displayName, OkHttpClient client, Duration maxIdle) {
    this.carrier = Objects.requireNonNull(carrier, "carrier == null");
    this.displayName = Objects.requireNonNull(displayName, "displayName == null");
    this.client = Objects.requireNonNull(client, "client == null").newBuilder()
        .addNetworkInterceptor(new StaleConnections(Objects.requireNonNull(maxIdle, "maxIdle == null")))
        .build();
  }

  /**
   * A client sharing {@code base}'s connection pool and dispatcher, with the adapter's timeouts and without
   * following redirects (a redirect is a wrong base URL, reported as such, never a silent resend).
   */
  public static OkHttpClient client(OkHttpClient base, Duration connectTimeout, Duration readTimeout) {
    return base.newBuilder()
        .connectTimeout(connectTimeout)
        .readTimeout(readTimeout)
        .writeTimeout(readTimeout)
        .followRedirects(false)
        .followSslRedirects(false)
        .build();
  }

  /** The client requests go through. */
  public OkHttpClient client() {
    return client;
  }

  /**
   * POSTs {@code body} once and returns whatever status came back. A pooled connection found closed (or idle
   * too long) before the request was written is dropped and the request goes out on another, trying at most one more
   * than were idle.
   *
   * @param logKey what the log names the request by (the outbox id), never a number or a text
   * @throws RetriableSendException when no answer arrived: {@link RetriableSendException#mayHaveBeenAccepted()}
   *     is true once any of the body was written
   */
  public HttpReply post(HttpUrl url, Headers headers, RequestBody body, String logKey) {
    // Connections that went idle together (a burst's) go stale together, and the pool may offer another of them:
    // each stale one is dropped, so at most as many tries as idle connections, and one more, reach a fresh one.
    int triesLeft = -1;
    while (true) {
      try {
        return postOnce(url, headers, body, logKey);
      } catch (RetriableSendException e) {
        if (!(e.getCause() instanceof StaleConnections.StaleConnectionException)) throw e;
        if (triesLeft < 0) triesLeft = client.connectionPool().idleConnectionCount() + 1;
        if (triesLeft-- == 0) throw e;
        // Refused before a byte of the request was written: repeating it cannot deliver a second text.
        log.debug("{} request for {}: {}; sending on another connection", displayName, logKey,
            e.getCause().getMessage());
      }
    }
  }

  private HttpReply postOnce(HttpUrl url, Headers headers, RequestBody body, String logKey) {
    OneShotBody once = new OneShotBody(body);
    Request request = new Request.Builder().url(url).headers(headers).post(once).build();
    try (Response response = client.newCall(request).execute()) {
      return new HttpReply(response.code(), read(response.body()), response.headers());
    } catch (IOException e) {
      // A body cut short cannot have been accepted; a whole one may have been, whatever came back.
      boolean mayHaveBeenAccepted = once.written();
      SendException.Builder failure = SendException.builder(carrier, displayName + " request failed: " + e).cause(e);
      if (mayHaveBeenAccepted) {
        log.warn("{} request for {} failed after it was sent ({}); it may have been accepted", displayName, logKey,
            e.toString());
        return throwing(failure.possiblyAccepted());
      }
      return throwing(failure.notSent());
    }
  }

  private static HttpReply throwing(RetriableSendException e) {
    throw e;
  }

  private static String read(ResponseBody body) throws IOException {
    BufferedSource source = body.source();
    source.request(MAX_RESPONSE_BYTES);
    Buffer buffer = source.getBuffer();
    return buffer.readString(Math.min(buffer.size(), MAX_RESPONSE_BYTES), StandardCharsets.UTF_8);
  }
}
