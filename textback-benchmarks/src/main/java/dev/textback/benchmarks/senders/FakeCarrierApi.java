package dev.textback.benchmarks.senders;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;
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
