package dev.textback.carrier;

import java.io.IOException;
import java.util.Objects;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * A request body sent at most once, which remembers whether it was written. OkHttp then never repeats the
 * request by itself once it started sending it (a repeated send could deliver a second text), and a gateway
 * can tell a failure before anything left (safe to retry) from one after (the text may have been accepted).
 * {@link CarrierHttp} wraps every send body in one.
 */
public final class OneShotBody extends RequestBody {
  private final RequestBody delegate;
  private volatile boolean written;

  public OneShotBody(RequestBody delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate == null");
  }

  @Override
  public MediaType contentType() {
    return delegate.contentType();
  }

  @Override
  public long contentLength() throws IOException {
    return delegate.contentLength();
  }

  @Override
  public boolean isOneShot() {
    return true;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    delegate.writeTo(sink);
    written = true;
  }

  /** True once the whole body was handed to the connection. */
  public boolean written() {
    return written;
  }
}
