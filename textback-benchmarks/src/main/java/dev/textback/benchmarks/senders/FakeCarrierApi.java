package dev.textback.benchmarks.senders;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;

/**
 * A carrier API on loopback that reads each request whole and answers every one with the same canned document, as
 * fast as it can, counting the TCP connections it accepted (a client that keeps too few idle opens new ones).
 */
public final class FakeCarrierApi implements AutoCloseable {
  /** The answer to every request. */
  public record Answer(int status, String contentType, String body) {}

  private final Server server;
  private final ServerConnector connector;
  private final LongAdder accepted = new LongAdder();
  private final LongAdder requests = new LongAdder();

  public FakeCarrierApi(Answer answer) throws Exception {
    this(answer, null);
  }

  /**
   * A fake that also hands each request's form fields to {@code onRequest} (on a server thread, before answering), for
   * a benchmark that times when each text arrived.
   */
  public FakeCarrierApi(Answer answer, @Nullable Consumer<Map<String, String>> onRequest) throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(64, 8);
    threads.setName("fake-api");
    server = new Server(threads);
    connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    connector.addEventListener(new Connection.Listener() {
      @Override
      public void onOpened(Connection connection) {
        accepted.increment();
      }
    });
    server.addConnector(connector);
    ByteBuffer body = ByteBuffer.wrap(answer.body().getBytes(StandardCharsets.UTF_8));
    if (onRequest != null) {
      server.setHandler(new Handler.Abstract() {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
          requests.increment();
          onRequest.accept(form(Content.Source.asString(request, StandardCharsets.UTF_8)));
          response.setStatus(answer.status());
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
          response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.remaining());
          response.write(true, body.slice(), callback);
          return true;
        }
      });
      server.start();
      return;
    }
    server.setHandler(new Handler.Abstract.NonBlocking() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        requests.increment();
        // Read the whole form before answering, as a real API does.
        Content.Source.consumeAll(request, Callback.from(() -> {
          response.setStatus(answer.status());
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
          response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.remaining());
          response.write(true, body.slice(), callback);
        }, callback::failed));
        return true;
      }
    });
    server.start();
  }

  private static Map<String, String> form(String body) {
    Map<String, String> fields = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return fields;
  }

  public int port() {
    return connector.getLocalPort();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** TCP connections accepted so far. */
  public long accepted() {
    return accepted.sum();
  }

  /** Requests answered so far. */
  public long requests() {
    return requests.sum();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
