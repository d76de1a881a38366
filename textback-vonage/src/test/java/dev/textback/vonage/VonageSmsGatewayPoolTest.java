package dev.textback.vonage;

import dev.textback.test.GatewayPoolContract;
import mockwebserver3.MockResponse;
import okhttp3.ConnectionPool;
import okhttp3.Headers;

/**
 * The Vonage gateway's own HTTP client keeps a pooled connection per concurrent send (see
 * {@link GatewayPoolContract}).
 */
class VonageSmsGatewayPoolTest extends GatewayPoolContract<VonageSmsGateway> {
  @Override
  protected MockResponse accepted() {
    return new MockResponse(202, Headers.of("Content-Type", "application/json"),
        VonageFixtures.resource("messages-accepted.json"));
  }

  @Override
  protected VonageSmsGateway create(String baseUrl, int concurrentSends) {
    return VonageSmsGateway.create(VonageFixtures.config().baseUrl(baseUrl).build(), concurrentSends);
  }

  @Override
  protected ConnectionPool connectionPool(VonageSmsGateway gateway) {
    return gateway.httpClient().connectionPool();
  }

  @Override
  protected void close(VonageSmsGateway gateway) {
    gateway.close();
  }
}
