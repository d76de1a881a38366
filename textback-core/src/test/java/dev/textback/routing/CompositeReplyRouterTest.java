package dev.textback.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.spi.ReplyRouter;
import dev.textback.spi.RoutingException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompositeReplyRouterTest {
  @Test
  void calls_every_router_in_order() throws Exception {
    List<String> calls = new ArrayList<>();
    CompositeReplyRouter composite = CompositeReplyRouter.of(r -> calls.add("a:" + r.message().id()),
        r -> calls.add("b:" + r.message().id()));

    composite.route(Fixtures.reply("m1", "hi"));

    assertThat(calls).containsExactly("a:m1", "b:m1");
  }

  @Test
  void a_failing_router_does_not_stop_the_next() {
    InMemoryInbox inbox = new InMemoryInbox(10);
    ReplyRouter failing = r -> {
      throw new IOException("crm down");
    };
    CompositeReplyRouter composite = CompositeReplyRouter.of(List.of(failing, inbox));

    assertThatThrownBy(() -> composite.route(Fixtures.reply("m1", "hi")))
        .isInstanceOf(IOException.class)
        .hasMessage("crm down");
    assertThat(inbox.size()).isEqualTo(1);
  }

  @Test
  void throws_the_first_failure_with_later_ones_suppressed() {
    IllegalStateException later = new IllegalStateException("second");
    CompositeReplyRouter composite = CompositeReplyRouter.of(r -> {
      throw new IOException("first");
    }, r -> {
      throw later;
    });

    assertThatThrownBy(() -> composite.route(Fixtures.reply("m1", "hi")))
        .hasMessage("first")
        .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(later));
  }

  @Test
  void a_permanent_failure_gives_way_to_a_later_one_worth_retrying() {
    RoutingException rejected = RoutingException.permanent("CRM answered 422", null);
    RoutingException down = RoutingException.retriable("inbox answered 503", null);
    CompositeReplyRouter composite = CompositeReplyRouter.of(r -> {
      throw rejected;
    }, r -> {
      throw down;
    });

    assertThatThrownBy(() -> composite.route(Fixtures.reply("m1", "hi")))
        .isSameAs(down)
        .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(rejected));
  }

  @Test
  void permanent_failures_alone_stay_permanent() {
    RoutingException rejected = RoutingException.permanent("CRM answered 422", null);
    RoutingException gone = RoutingException.permanent("inbox answered 410", null);
    CompositeReplyRouter composite = CompositeReplyRouter.of(r -> {
      throw rejected;
    }, r -> {
      throw gone;
    });

    assertThatThrownBy(() -> composite.route(Fixtures.reply("m1", "hi")))
        .isSameAs(rejected)
        .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(gone));
  }

  @Test
  void one_router_failing_twice_with_the_same_exception_is_reported_once() {
    RuntimeException shared = new RuntimeException("same");
    ReplyRouter failing = r -> {
      throw shared;
    };
    CompositeReplyRouter composite = CompositeReplyRouter.of(failing, failing);

    assertThatThrownBy(() -> composite.route(Fixtures.reply("m1", "hi")))
        .isSameAs(shared)
        .satisfies(e -> assertThat(e.getSuppressed()).isEmpty());
  }

  @Test
  void rejects_a_null_router() {
    assertThatThrownBy(() -> CompositeReplyRouter.of(r -> { }, null))
        .isInstanceOf(NullPointerException.class);
  }
}
