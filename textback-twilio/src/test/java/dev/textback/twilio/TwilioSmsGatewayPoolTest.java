package dev.textback.twilio;

import dev.textback.test.GatewayPoolContract;
import mockwebserver3.MockResponse;
import okhttp3.ConnectionPool;

/**
 * The Twilio gateway's own HTTP client keeps a pooled connection per concurrent send (see
 * {@link GatewayPoolContract}).
 */
class TwilioSmsGatewayPoolTest extends GatewayPoolContract<TwilioSmsGateway> {
  @Override
  protected MockResponse accepted() {
    return TwilioSmsGatewayTest.created();
  }

  @Override
  protected TwilioSmsGateway create(String baseUrl, int concurrentSends) {
    return TwilioSmsGateway.create(TwilioFixtures.config().apiBaseUrl(baseUrl).build(), concurrentSends);
  }

  @Override
  protected ConnectionPool connectionPool(TwilioSmsGateway gateway) {
    return gateway.httpClient().connectionPool();
  }

  @Override
  protected void close(TwilioSmsGateway gateway) {
    gateway.close();
  }
}
