package dev.textback.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's HTTP front, on Jetty: it owns sockets, timeouts and threads so the handlers behind it see only
 * {@link HttpCall} in and {@link HttpReply} out.
 *
 * <p>Why it holds up against slow and hostile clients:
 * <ul>
 *   <li>Jetty reads requests without a thread per connection, so a client that sends half its headers or
 *       body holds a socket, never a thread; the front reads the whole body (non-blocking, at most
 *       {@link Limits#maxBody()}) before any handler runs.</li>
 *   <li>A connection that sends nothing for {@link Limits#idleTimeout()}, mid-request or between
 *       requests, is closed. At {@link Limits#maxConnections()} open connections the server stops accepting
 *       until some close, and the idle timeout drops to {@link Limits#idleTimeoutWhenFull()}, so hanging
 *       connections give way to new ones within seconds.</li>
 *   <li>Handlers that may block (the engine's store, the admin API's queries) run in {@link Lane}s: one
 *       bounded pool and queue per class of request, so a flood of one class cannot take the threads of
 *       another; a full lane answers 503 with {@code Retry-After} at once. Everything else (health check,
 *       dashboard files, redirects, 404s) is answered on Jetty's own bounded pool and never blocks.</li>
 *   <li>TCP_NODELAY on every accepted socket: a response is never held back waiting for the client's
 *       delayed ACK of the previous one on a kept-alive connection.</li>
 * </ul>
 *
 * <p>Thread-safe; start once, close once.
 */
final class HttpFront implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpFront.class);

  /** What the server runs for each request; must not throw for bad input (answer 4xx instead). */
  @FunctionalInterface
  interface App {
    HttpReply handle(HttpCall call);
  }

  /**
   * One class of requests, by path prefix, with its own threads and queue.
   *
   * @param name for thread names and logs
   * @param pathPrefix requests whose decoded path starts with it run here
   * @param threads at most this many run at once
   * @param queue at most this many wait; more are answered 503
   */
  record Lane(String name, String pathPrefix, int threads, int queue) {}

  /**
   * Connection and size limits.
   *
   * @param idleTimeout a connection silent this long, mid-request or between requests, is closed
   * @param maxConnections at this many open connections the server stops accepting until some close
   * @param idleTimeoutWhenFull the idle timeout while at {@code maxConnections}
   * @param maxBody larger request bodies are answered 413 (Payload Too Large); up to {@link #DRAIN_LIMIT} of such
   *     a body is read and thrown away first, so that the client sees the answer rather than a reset connection
   * @param maxHeaderBytes larger request lines and headers are answered 431 by Jetty
   * @param maxBufferedBodies bytes of request bodies held at once, over all connections; a body that would pass it is
   *     answered 503. Bodies are read before the app sees the request, so without it clients that send all but the
   *     last byte of large bodies could fill the heap, one connection each, without any credentials.
   */
  record Limits(Duration idleTimeout, int maxConnections, Duration idleTimeoutWhenFull, int maxBody,
      int maxHeaderBytes, long maxBufferedBodies) {
    /** The default budget for bodies held at once: 128 bodies at the largest size, thousands of real webhooks. */
    static final long DEFAULT_MAX_BUFFERED_BODIES = 32L * 1024 * 1024;

    Limits(Duration idleTimeout, int maxConnections, Duration idleTimeoutWhenFull, int maxBody, int maxHeaderBytes) {
      this(idleTimeout, maxConnections, idleTimeoutWhenFull, maxBody, maxHeaderBytes, DEFAULT_MAX_BUFFERED_BODIES);
    }

    static Limits defaults() {
      return new Limits(Duration.ofSeconds(30), 1000, Duration.ofSeconds(2), Http.MAX_BODY, 8 * 1024);
    }
  }

  private final Server server;
  private final ServerConnector connector;
  private final Limits limits;
  private final App app;
  private final Map<String, String> everyResponse;
  private final List<Lane> lanes;
  private final List<ThreadPoolExecutor> laneThreads = new ArrayList<>();
  private final List<AtomicInteger> refusedSinceLog = new ArrayList<>();
  private final List<AtomicLong> lastRefusalLog = new ArrayList<>();
  /** Bytes of bodies being read now, against {@link Limits#maxBufferedBodies()}. */
  private final AtomicLong bufferedBodies = new AtomicLong();
  private final AtomicLong lastBudgetLog = new AtomicLong(System.nanoTime() - TimeUnit.MINUTES.toNanos(1));

  /**
   * @param host the address to listen on
   * @param port the port, 0 for a free one
   * @param lanes the lanes, tried in order; a request matching none is handled on Jetty's pool
   * @param everyResponse headers added to every response the app gives (security headers, for instance)
   * @throws IOException when the address cannot be bound (port taken, address not of this host)
   */
  HttpFront(String host, int port, Limits limits, List<Lane> lanes, Map<String, String> everyResponse, App app)
      throws IOException {
    this.limits = limits;
    this.app = app;
    this.lanes = List.copyOf(lanes);
    this.everyResponse = Map.copyOf(everyResponse);
    for (Lane lane : lanes) {
      laneThreads.add(pool(lane));
      refusedSinceLog.add(new AtomicInteger());
      lastRefusalLog.add(new AtomicLong(System.nanoTime() - TimeUnit.MINUTES.toNanos(1)));
    }

    QueuedThreadPool jettyThreads = new QueuedThreadPool(32, 4, 60_000);
    jettyThreads.setName("textback-http");
    // Not daemon threads: they are what keeps the server's JVM alive once main() has returned.
    this.server = new Server(jettyThreads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setRequestHeaderSize(limits.maxHeaderBytes());
    // Jetty reuses a header value seen earlier on the connection when a new one matches it ignoring case: an
    // admin token or a signature that differs only in case would reach the app as the earlier, right one.
    http.setHeaderCacheCaseSensitive(true);
    this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(limits.idleTimeout().toMillis());
    connector.setAcceptedTcpNoDelay(true);
    server.addConnector(connector);
    NetworkConnectionLimit connectionLimit = new NetworkConnectionLimit(limits.maxConnections(), server);
    connectionLimit.setEndPointIdleTimeout(limits.idleTimeoutWhenFull().toMillis());
    server.addBean(connectionLimit);
    // The limit shortens the idle timeout of the connections open when it is reached; a connection accepted
    // during the same burst (still being set up at that moment) gets the short one here, or a burst of hanging
    // connections could keep the server full for the whole normal idle timeout.
    connector.addBean(new Connection.Listener() {
      @Override
      public void onOpened(Connection connection) {
        if (connectionLimit.getNetworkConnectionCount() + connectionLimit.getPendingNetworkConnectionCount()
            >= limits.maxConnections()) {
          connection.getEndPoint().setIdleTimeout(limits.idleTimeoutWhenFull().toMillis());
        }
      }
    });
    server.setHandler(new Front());
    server.setErrorHandler(new PlainErrors());
    // Bound now, not at start: a taken port or a wrong address fails while the server is being built.
    connector.open();
  }

  private static ThreadPoolExecutor pool(Lane lane) {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(lane.threads(), lane.threads(), 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(lane.queue()), r -> {
          Thread t = new Thread(r, "textback-" + lane.name() + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  void start() throws Exception {
    server.start();
  }

  int port() {
    return connector.getLocalPort();
  }

  /** Bytes of request bodies held now, for tests of the budget. */
  long bufferedBodyBytes() {
    return bufferedBodies.get();
  }

  /** Jetty's connector, for tests that look at the accepted sockets. */
  ServerConnector connector() {
    return connector;
  }

  /** Stops accepting, lets running handlers finish (up to 5 s), then closes every connection. */
  @Override
  public void close() {
    connector.setAccepting(false);
    for (ThreadPoolExecutor pool : laneThreads) pool.shutdown();
    try {
      for (ThreadPoolExecutor pool : laneThreads) pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      server.stop();
    } catch (Exception e) {
      log.warn("HTTP server did not stop cleanly: {}", e.toString());
    }
    connector.close(); // frees the port even when the server was built but never started
  }

  /** Reads the body without blocking, then runs the app in the request's lane. */
  private final class Front extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
      if (declared > DRAIN_LIMIT) {
        respond(response, callback, HttpReply.text(413, "body too large\n"));
        return true;
      }
      new BodyReader(request, response, callback).run();
      return true;
    }
  }

  /**
   * A body over the limit but under this size is read to its end and thrown away before the 413 goes out. Closing
   * a connection with unread bytes in its receive buffer makes the kernel reset it, and a client that sends its
   * whole body before reading (as most do) then sees the reset instead of the 413. Bigger bodies are refused at once.
   */
  static final int DRAIN_LIMIT = 4 * 1024 * 1024;

  /** Collects the body chunk by chunk as it arrives; a client that stops sending holds no thread. */
  private final class BodyReader implements Runnable {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private long seen;
    private boolean tooLarge;
    /** Bytes of this body counted in {@link #bufferedBodies}; given back when the body is done with. */
    private long reserved;

    BodyReader(Request request, Response response, Callback callback) {
      this.request = request;
      this.response = response;
      this.callback = callback;
    }

    private boolean reserve(int size) {
      if (!reserveBody(size)) return false;
      reserved += size;
      return true;
    }

    private void giveBack() {
      bufferedBodies.addAndGet(-reserved);
      reserved = 0;
    }

    @Override
    public void run() {
      while (true) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          request.demand(this);
          return;
        }
        if (Content.Chunk.isFailure(chunk)) {
          // The client went away or fell silent past the idle timeout: nobody is waiting for an answer.
          giveBack();
          callback.failed(chunk.getFailure());
          return;
        }
        ByteBuffer bytes = chunk.getByteBuffer();
        int size = bytes.remaining();
        seen += size;
        tooLarge |= seen > limits.maxBody();
        if (!tooLarge && !reserve(size)) {
          chunk.release();
          giveBack();
          budgetSpent();
          respond(response, callback, HttpReply.text(503, "busy, try again\n").withHeader("Retry-After", "1"));
          return;
        }
        if (!tooLarge) {
          byte[] copy = new byte[size];
          bytes.get(copy);
          body.writeBytes(copy);
        } else {
          body.reset();
          giveBack();
        }
        boolean last = chunk.isLast();
        chunk.release();
        if (tooLarge && (last || seen > DRAIN_LIMIT)) {
          respond(response, callback, HttpReply.text(413, "body too large\n"));
          return;
        }
        if (last) {
          byte[] whole = body.toByteArray();
          giveBack();
          dispatch(call(request, whole), response, callback);
          return;
        }
      }
    }
  }

  /** Counts {@code size} more bytes of bodies held, unless that would pass the budget. */
  private boolean reserveBody(long size) {
    if (bufferedBodies.addAndGet(size) <= limits.maxBufferedBodies()) return true;
    bufferedBodies.addAndGet(-size);
    return false;
  }

  /** Logs a refusal for the body budget at most once a minute, as an attack would refuse many. */
  private void budgetSpent() {
    long now = System.nanoTime();
    long last = lastBudgetLog.get();
    if (now - last >= TimeUnit.MINUTES.toNanos(1) && lastBudgetLog.compareAndSet(last, now)) {
      log.warn("request bodies held at once reached {} bytes; answering 503 to new ones until some finish",
          limits.maxBufferedBodies());
    }
  }

  /**
   * Jetty's own answers (400 for a malformed request, 431 for oversized headers) as short plain text with the
   * same headers as every other response, instead of its HTML pages.
   */
  private final class PlainErrors extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
        Callback callback) {
      String reason = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
      respond(response, callback, HttpReply.text(code, code + " " + Http.printable(reason) + "\n"));
    }
  }

  private static HttpCall call(Request request, byte[] body) {
    HttpURI uri = request.getHttpURI();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (HttpField f : request.getHeaders()) {
      headers.computeIfAbsent(f.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(f.getValue());
    }
    String decoded = uri.getDecodedPath();
    String raw = uri.getPath();
    return new HttpCall(request.getMethod(), decoded == null ? "/" : decoded, raw == null ? "/" : raw, uri.getQuery(),
        headers, body);
  }

  private void dispatch(HttpCall call, Response response, Callback callback) {
    for (int i = 0; i < lanes.size(); i++) {
      Lane lane = lanes.get(i);
      if (!call.path().startsWith(lane.pathPrefix())) continue;
      try {
        laneThreads.get(i).execute(() -> run(call, response, callback));
      } catch (RejectedExecutionException e) {
        refused(i);
        respond(response, callback, HttpReply.text(503, "busy, try again\n").withHeader("Retry-After", "1"));
      }
      return;
    }
    run(call, response, callback);
  }

  /** Logs refusals at most every 10 s per lane, with their count: a flood must not flood the log too. */
  private void refused(int lane) {
    refusedSinceLog.get(lane).incrementAndGet();
    long now = System.nanoTime();
    long last = lastRefusalLog.get(lane).get();
    if (now - last >= TimeUnit.SECONDS.toNanos(10) && lastRefusalLog.get(lane).compareAndSet(last, now)) {
      Lane l = lanes.get(lane);
      log.warn("{} requests: all {} threads busy and {} waiting; answered 503 to {} request(s) since the last "
          + "such message", l.name(), l.threads(), l.queue(), refusedSinceLog.get(lane).getAndSet(0));
    }
  }

  private void run(HttpCall call, Response response, Callback callback) {
    HttpReply reply;
    try {
      reply = app.handle(call);
    } catch (RuntimeException | Error e) {
      // An Error is answered too, then thrown on: otherwise the client waits out the idle timeout for an answer.
      log.error("request {} {} failed", call.method(), Http.printable(call.path()), e);
      try {
        respond(response, callback, HttpReply.text(500, "internal error\n"));
      } catch (RuntimeException | Error answering) {
        e.addSuppressed(answering);
        if (e instanceof RuntimeException) throw e;
      }
      if (e instanceof Error error) throw error;
      return;
    }
    respond(response, callback, reply);
  }

  private void respond(Response response, Callback callback, HttpReply reply) {
    response.setStatus(reply.status());
    HttpFields.Mutable h = response.getHeaders();
    h.put(HttpHeader.CONTENT_TYPE, reply.contentType());
    h.put(HttpHeader.CACHE_CONTROL, "no-store");
    everyResponse.forEach(h::put);
    reply.headers().forEach(h::put);
    h.put(HttpHeader.CONTENT_LENGTH, reply.body().length);
    response.write(true, ByteBuffer.wrap(reply.body()), callback);
  }
}
