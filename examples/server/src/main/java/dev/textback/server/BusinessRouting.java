package dev.textback.server;

import dev.textback.routing.CompositeEscalationNotifier;
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
  private final Map<String, EscalationNotifier> notifiers = new HashMap<>();

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
      if (!escalation.isEmpty()) notifiers.put(b.profile().id(), CompositeEscalationNotifier.of(escalation));
    }
  }

  @Override
  public void route(RoutedReply reply) throws Exception {
    ReplyRouter r = routers.get(reply.business().id());
    if (r != null) r.route(reply);
  }

  /**
   * Tells every notifier of the business, even when one fails (a webhook outage must not keep the owner's text
   * back); see {@link CompositeEscalationNotifier} for what is thrown and how a retry goes.
   */
  @Override
  public void escalate(Escalation escalation) throws Exception {
    EscalationNotifier n = notifiers.get(escalation.business().id());
    if (n != null) n.escalate(escalation);
  }
}
