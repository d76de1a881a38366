package dev.textback.routing;

import dev.textback.phone.PhoneNumber;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationMessage;
import dev.textback.reply.ConversationStatus;
import dev.textback.reply.Direction;
import dev.textback.spi.OutboundQueue;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.RoutedReply;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Conversations and messages built by hand, without a business profile. */
final class Fixtures {
  static final PhoneNumber BUSINESS_NUMBER = PhoneNumber.of("+15550001111");
  static final PhoneNumber CALLER = PhoneNumber.of("+15551234567");
  static final PhoneNumber OWNER = PhoneNumber.of("+15559876543");
  static final Instant OPENED = Instant.parse("2025-03-04T14:02:00Z");
  static final Instant REPLIED = Instant.parse("2025-03-04T14:05:00Z");

  private Fixtures() {}

  static Conversation conversation() {
    return Conversation.builder().id("conv-1").businessId("acme").businessNumber(BUSINESS_NUMBER).caller(CALLER)
        .carrier("twilio").callId("CA123").openedAt(OPENED).status(ConversationStatus.OPEN).lastActivityAt(OPENED)
        .build()
        .withCallerReply(REPLIED, REPLIED.plusSeconds(600));
  }

  static ConversationMessage message(String id, String body, String... mediaUrls) {
    return ConversationMessage.builder().id(id).conversationId("conv-1").direction(Direction.INBOUND).body(body)
        .at(REPLIED).carrierMessageId("SM1").mediaUrls(List.of(mediaUrls)).build();
  }

  /** A reply without a business profile, for routers that do not read one. */
  static RoutedReply reply(String messageId, String body) {
    return new RoutedReply(null, conversation(), message(messageId, body), new RecordingQueue());
  }

  /** An outbound queue that only records what it was given. */
  static final class RecordingQueue implements OutboundQueue {
    record Queued(OutboxKind kind, PhoneNumber to, String body) {}

    final List<Queued> queued = new ArrayList<>();

    @Override
    public synchronized String enqueue(OutboxKind kind, PhoneNumber to, String body) {
      queued.add(new Queued(kind, to, body));
      return "out-" + queued.size();
    }
  }
}
