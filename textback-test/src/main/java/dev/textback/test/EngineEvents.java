package dev.textback.test;

import dev.textback.CallDecision;
import dev.textback.InboundResult;
import dev.textback.TextBackListener;
import dev.textback.call.CallEvent;
import dev.textback.message.DeliveryReceipt;
import dev.textback.message.InboundMessage;
import dev.textback.reply.Conversation;
import dev.textback.spi.SendException;
import dev.textback.spi.SendReceipt;
import dev.textback.spi.OutboxEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the kit's engines reported to their listener, in order. Thread-safe. */
final class EngineEvents implements TextBackListener {
  /** A decided call, with the decision (a repeat carries {@link CallDecision#duplicate()}). */
  record Decided(CallEvent event, CallDecision decision) {}

  /** A handled inbound text. */
  record Inbound(InboundMessage message, InboundResult result) {}

  /** A text the carrier accepted. */
  record Sent(OutboxEntry entry, SendReceipt receipt) {}

  final List<Decided> decided = new CopyOnWriteArrayList<>();
  final List<Inbound> inbound = new CopyOnWriteArrayList<>();
  final List<Sent> sent = new CopyOnWriteArrayList<>();
  final List<DeliveryReceipt> receipts = new CopyOnWriteArrayList<>();
  final List<String> other = new CopyOnWriteArrayList<>();

  @Override
  public void onCallDecided(CallEvent event, CallDecision decision) {
    decided.add(new Decided(event, decision));
  }

  @Override
  public void onQueued(OutboxEntry entry) {
    other.add("queued " + entry.id());
  }

  @Override
  public void onSendAttempt(OutboxEntry entry) {
    other.add("send attempt " + entry.id());
  }

  @Override
  public void onSent(OutboxEntry entry, SendReceipt receipt) {
    sent.add(new Sent(entry, receipt));
  }

  @Override
  public void onSendFailed(OutboxEntry entry, SendException failure, boolean willRetry) {
    other.add("send failed " + entry.id() + ": " + failure.getMessage());
  }

  @Override
  public void onWithdrawn(OutboxEntry entry) {
    other.add("withdrawn " + entry.id());
  }

  @Override
  public void onInbound(InboundMessage message, InboundResult result) {
    inbound.add(new Inbound(message, result));
  }

  @Override
  public void onDeliveryReceipt(DeliveryReceipt receipt) {
    receipts.add(receipt);
  }

  @Override
  public void onRoutingFailed(Conversation conversation, Exception failure) {
    other.add("routing failed " + conversation.id());
  }

  @Override
  public void onEscalated(Conversation conversation) {
    other.add("escalated " + conversation.id());
  }

  /** Every event, as text for an assertion's message. */
  List<String> all() {
    List<String> all = new ArrayList<>();
    decided.forEach(d -> all.add("decided " + d.event() + " -> " + d.decision().reason()));
    inbound.forEach(i -> all.add("inbound " + i.message() + " -> " + i.result().action()));
    sent.forEach(s -> all.add("sent " + s.entry().id()));
    receipts.forEach(r -> all.add("receipt " + r.status() + " " + r.messageId()));
    all.addAll(other);
    return all;
  }

  void clear() {
    decided.clear();
    inbound.clear();
    sent.clear();
    receipts.clear();
    other.clear();
  }
}
