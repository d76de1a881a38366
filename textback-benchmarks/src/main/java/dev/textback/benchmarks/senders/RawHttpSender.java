package dev.textback.benchmarks.senders;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The least any client can do per text against the fake: kept-alive sockets reused from a pool, a request built once
 * (same size as a text's form), and an answer read only as far as its length says. No client library, no encoding,
 * no parsing of the answer. Its rate is the ceiling the fake, the loopback and the scheduler leave on this machine,
 * so it tells how far any ratio between two real clients can go.
 */
final class RawHttpSender implements Sender {
  private static final byte[] END_OF_HEADERS = {'\r', '\n', '\r', '\n'};

  private final String host;
  private final int port;
  private final byte[] request;
  /** Idle connections, kept across runs as a client's pool keeps them. */
  private final Queue<Connection> idle = new ConcurrentLinkedQueue<>();
  private final List<Connection> opened = new CopyOnWriteArrayList<>();

  /** A sender posting a form of {@code formBytes} bytes to {@code path} on the fake at {@code port}. */
  RawHttpSender(int port, String path, int formBytes) {
    this.host = "127.0.0.1";
    this.port = port;
    String form = "Body=" + "x".repeat(Math.max(0, formBytes - 5));
    String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
        + "\r\nAuthorization: Basic QUMwMTIzNDU2Nzg5YWJjZGVmOjEyMzQ1Njc4OTA=\r\nAccept: application/json"
        + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length() + "\r\n\r\n";
    this.request = (head + form).getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public String send(int i) throws IOException {
    Connection c = idle.poll();
    if (c == null) c = open();
    c.out.write(request);
    c.out.flush();
    int length = c.readHeaders();
    c.in.skipNBytes(length);
    idle.add(c);
    return "raw";
  }

  @Override
  public void close() throws IOException {
    for (Connection c : opened) c.socket.close();
  }

  private Connection open() throws IOException {
    Socket socket = new Socket(host, port);
    socket.setTcpNoDelay(true);
    Connection c = new Connection(socket);
    opened.add(c);
    return c;
  }

  /** One kept-alive socket, and the header bytes of the answer being read. */
  private static final class Connection {
    final Socket socket;
    final InputStream in;
    final OutputStream out;
    final byte[] headers = new byte[8192];

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream(), 16384);
      this.out = socket.getOutputStream();
    }

    /** Reads the status line and headers; returns the body's {@code Content-Length}. */
    int readHeaders() throws IOException {
      int n = 0;
      int matched = 0;
      while (matched < END_OF_HEADERS.length) {
        int b = in.read();
        if (b < 0) throw new EOFException("the fake closed the connection");
        if (n == headers.length) throw new IOException("headers longer than " + headers.length + " bytes");
        headers[n++] = (byte) b;
        matched = b == END_OF_HEADERS[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      String text = new String(headers, 0, n, StandardCharsets.US_ASCII);
      int at = text.toLowerCase(java.util.Locale.ROOT).indexOf("\r\ncontent-length:");
      if (at < 0) throw new IOException("no Content-Length in the fake's answer");
      int end = text.indexOf('\r', at + 17);
      return Integer.parseInt(text.substring(at + 17, end).trim());
    }
  }
}
