package dev.textback.plivo;

import dev.textback.test.GatewayPoolContract;
import mockwebserver3.MockResponse;
import okhttp3.ConnectionPool;

/**
 * The Plivo gateway's own HTTP client keeps a pooled connection per concurrent send (see
 * {@link GatewayPoolContract}).
 */
class PlivoSmsGatewayPoolTest extends GatewayPoolContract<PlivoSmsGateway> {
  @Override
  protected MockResponse accepted() {
    return PlivoSmsGatewayTest.queued();
  }

  @Override
  protected PlivoSmsGateway create(String baseUrl, int concurrentSends) {
    return PlivoSmsGateway.create(PlivoFixtures.config().apiBaseUrl(baseUrl).build(), concurrentSends);
  }

  @Override
  protected ConnectionPool connectionPool(PlivoSmsGateway gateway) {
    return gateway.httpClient().connectionPool();
  }

  @Override
  protected void close(PlivoSmsGateway gateway) {
    gateway.close();
  }
}
