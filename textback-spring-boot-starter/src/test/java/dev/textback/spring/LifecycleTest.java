package dev.textback.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.TextBack;
import dev.textback.phone.CarrierId;
import dev.textback.spi.SendReceipt;
import dev.textback.spi.SendRequest;
import dev.textback.spi.SmsGateway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The dispatcher runs while the context runs, and stops with it. */
class LifecycleTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(TextBackAutoConfiguration.class))
      .withUserConfiguration(Gateway.class)
      .withPropertyValues("textback.businesses[0].id=acme", "textback.businesses[0].name=Acme",
          "textback.businesses[0].numbers[0].number=+12025550182");

  @Test
  void starts_the_engine_with_the_context_and_closes_it_on_shutdown() {
    TextBack[] engine = new TextBack[1];
    runner.run(context -> {
      TextBackLifecycle lifecycle = context.getBean(TextBackLifecycle.class);
      assertThat(lifecycle.isRunning()).isTrue();
      engine[0] = context.getBean(TextBack.class);
      assertThat(engine[0].runDueWork()).isZero();
    });

    // Closed engines refuse work: the context's shutdown drained and closed it.
    org.assertj.core.api.Assertions.assertThatThrownBy(engine[0]::runDueWork)
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void stops_after_the_web_servers_graceful_shutdown_and_starts_before_it() {
    // Lower phases start first and stop last. The web server itself starts and stops one phase step (1024)
    // below its graceful shutdown; the engine sits below both.
    assertThat(TextBackLifecycle.PHASE)
        .isLessThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 1024);
  }

  @Configuration(proxyBeanMethods = false)
  static class Gateway {
    @Bean
    SmsGateway gateway() {
      return new SmsGateway() {
        @Override
        public CarrierId carrier() {
          return CarrierId.of("test");
        }

        @Override
        public SendReceipt send(SendRequest request) {
          return new SendReceipt("m1", 1, "queued");
        }
      };
    }
  }
}
