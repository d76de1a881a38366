package dev.textback.carrier;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.WeakHashMap;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.Protocol;
import okhttp3.Response;

/**
 * Keeps sends off pooled connections that the carrier (or a proxy) has closed without saying so, or that sat
 * idle longer than such peers keep them: before a request is written on a connection used before, the
 * connection is checked, and a closed or too-old one is refused with {@link StaleConnectionException}. Nothing
 * of the request has left then, so the send can be repeated at once on a fresh connection without any risk of
 * a second text. OkHttp makes the same check only after ten seconds of idleness, which misses a peer that
 * closes a few seconds after answering; here only a connection busy within the last 50 ms skips the probe.
 * HTTP/1.1 connections only. Thread-safe.
 */
final class StaleConnections implements Interceptor {
  /** A connection was closed by its peer, or idle too long, before the request was written on it. */
  static final class StaleConnectionException extends IOException {
    StaleConnectionException(String message) {
      super(message);
    }
  }

  /**
   * A connection that answered less than this ago is not probed: the probe waits a full millisecond on a healthy
   * connection (the shortest read timeout there is), which in a burst would cost every send a millisecond and cap a
   * sender thread near 1,000 texts per second. Peers close idle connections after seconds, not milliseconds; one that
   * closes right after answering says so with {@code Connection: close}, which OkHttp obeys.
   */
  static final long PROBE_AFTER_IDLE_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(50);

  private final long maxIdleNanos;
  /** When each connection's socket last finished an exchange; weak, so closed connections drop out. */
  private final Map<Socket, Long> lastUsed = new WeakHashMap<>();

  StaleConnections(Duration maxIdle) {
    this.maxIdleNanos = maxIdle.toNanos();
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Connection connection = chain.connection();
    // Only an HTTP/1.1 connection is idle between requests; an HTTP/2 one is read all the time by OkHttp's own
    // reader, and answers a closed peer with a GOAWAY it already handles.
    Socket socket = connection == null || connection.protocol() != Protocol.HTTP_1_1 ? null : connection.socket();
    if (socket != null) {
      Long used;
      synchronized (lastUsed) {
        used = lastUsed.get(socket);
      }
      if (used != null) check(socket, System.nanoTime() - used);
    }
    Response response = chain.proceed(chain.request());
    if (socket != null) {
      synchronized (lastUsed) {
        lastUsed.put(socket, System.nanoTime());
      }
    }
    return response;
  }

  private void check(Socket socket, long idleNanos) throws IOException {
    if (idleNanos > maxIdleNanos) {
      closeQuietly(socket);
      throw new StaleConnectionException("pooled connection idle for " + Duration.ofNanos(idleNanos).toMillis()
          + " ms, longer than carriers keep them open");
    }
    if (idleNanos < PROBE_AFTER_IDLE_NANOS) return;
    // An idle HTTP/1.1 connection has nothing to read: end of stream means the peer closed it, and any byte
    // means it is out of step. Either way it must not carry the request.
    int timeout = socket.getSoTimeout();
    boolean closed;
    try {
      socket.setSoTimeout(1);
      socket.getInputStream().read(); // returns only with end of stream or a stray byte
      closed = true;
    } catch (SocketTimeoutException healthy) {
      closed = false;
    } catch (InterruptedIOException e) {
      closed = false;
    } catch (IOException reset) {
      closed = true;
    } finally {
      if (!socket.isClosed()) socket.setSoTimeout(timeout);
    }
    if (closed) {
      closeQuietly(socket);
      throw new StaleConnectionException("pooled connection was closed by the peer");
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing a dead socket
    }
  }
}
