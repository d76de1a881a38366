package dev.textback.server;

import dev.textback.routing.CompositeReplyRouter;
import dev.textback.routing.CrmWebhookRouter;
import dev.textback.routing.OwnerSmsEscalationNotifier;
import dev.textback.routing.OwnerSmsForwardRouter;
import dev.textback.routing.WebhookEscalationNotifier;
import dev.textback.spi.Escalation;
import dev.textback.spi.EscalationNotifier;
import dev.textback.spi.ReplyRouter;
import dev.textback.spi.RoutedReply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Routes replies and escalations per business, as each business's {@code replyRouting} says. */
final class BusinessRouting implements ReplyRouter, EscalationNotifier {
  private final Map<String, ReplyRouter> routers = new HashMap<>();
  private final Map<String, List<EscalationNotifier>> notifiers = new HashMap<>();

  BusinessRouting(List<ServerConfig.Business> businesses) {
    for (ServerConfig.Business b : businesses) {
      ServerConfig.Routing r = b.routing();
      List<ReplyRouter> list = new ArrayList<>();
      List<EscalationNotifier> escalation = new ArrayList<>();
      if (r.crmWebhookUrl() != null) {
        list.add(CrmWebhookRouter.builder().url(r.crmWebhookUrl()).secret(r.crmWebhookSecret()).build());
      }
      if (r.escalationWebhookUrl() != null) {
        escalation.add(WebhookEscalationNotifier.builder().url(r.escalationWebhookUrl())
            .secret(r.crmWebhookSecret()).build());
      }
      if (r.ownerSms() && b.profile().ownerPhone().isPresent()) {
        list.add(new OwnerSmsForwardRouter());
        escalation.add(new OwnerSmsEscalationNotifier());
      }
      if (!list.isEmpty()) routers.put(b.profile().id(), CompositeReplyRouter.of(list));
      notifiers.put(b.profile().id(), escalation);
    }
  }

  @Override
  public void route(RoutedReply reply) throws Exception {
    ReplyRouter r = routers.get(reply.business().id());
    if (r != null) r.route(reply);
  }

  /**
   * Calls every notifier of the business even when one fails (a webhook outage must not keep the owner's text
   * back), then throws the first failure: the engine tries the escalation again, and the owner's text, queued
   * once per escalation, is not sent twice.
   */
  @Override
  public void escalate(Escalation escalation) throws Exception {
    Exception first = null;
    for (EscalationNotifier n : notifiers.getOrDefault(escalation.business().id(), List.of())) {
      try {
        n.escalate(escalation);
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) throw first;
  }
}
