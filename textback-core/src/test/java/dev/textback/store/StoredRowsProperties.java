package dev.textback.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.call.CallOutcome;
import dev.textback.phone.PhoneNumber;
import dev.textback.policy.Episode;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationMessage;
import dev.textback.reply.ConversationStatus;
import dev.textback.reply.Direction;
import dev.textback.rules.Reason;
import dev.textback.spi.CallRecord;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory store keeps its large tables as bytes: whatever a row holds must come back equal, however its
 * strings are shaped (ids that look like hex but are not quite, UUIDs of either case, text outside Latin-1 with lone
 * surrogates) and once the dictionaries are full. The expected value is always the row that was written.
 */
class StoredRowsProperties {

  @Property(tries = 5_000)
  void every_string_reads_back_equal_whichever_way_it_is_written(@ForAll("strings") List<@Nullable String> values) {
    // Dictionaries of 3 entries of at most 8 characters, so most runs fill them and fall back to plain strings.
    RowBytes.Symbols names = new RowBytes.Symbols(3, 8);
    RowBytes.Symbols texts = new RowBytes.Symbols(3, 8);
    RowBytes.Writer w = new RowBytes.Writer(names, texts).reset();
    for (String s : values) {
      w.name(s);
      w.text(s, true);
      w.text(s, false);
      w.plain(s);
      w.id(s);
    }
    RowBytes.Reader r = new RowBytes.Reader(w.toBytes(), names, texts);
    for (String s : values) {
      assertThat(r.name()).isEqualTo(s);
      assertThat(r.text()).isEqualTo(s);
      assertThat(r.text()).isEqualTo(s);
      assertThat(r.plain()).isEqualTo(s);
      assertThat(r.id()).isEqualTo(s);
    }
    assertThat(r.hasMore()).isFalse();
  }

  @Property(tries = 2_000)
  void skipping_a_string_lands_on_the_value_after_it(@ForAll("strings") List<@Nullable String> values) {
    RowBytes.Symbols names = new RowBytes.Symbols(3, 8);
    RowBytes.Symbols texts = new RowBytes.Symbols(3, 8);
    RowBytes.Writer w = new RowBytes.Writer(names, texts).reset();
    for (int i = 0; i < values.size(); i++) {
      w.id(values.get(i));
      w.varLong(i);
    }
    RowBytes.Reader r = new RowBytes.Reader(w.toBytes(), names, texts);
    for (int i = 0; i < values.size(); i++) {
      r.skipString();
      assertThat(r.varLong()).isEqualTo(i);
    }
  }

  @Property(tries = 5_000)
  void instants_and_numbers_read_back_equal(@ForAll("instants") List<@Nullable Instant> instants,
      @ForAll("phones") List<@Nullable PhoneNumber> phones, @ForAll List<Long> longs) {
    RowBytes.Symbols names = new RowBytes.Symbols(3, 8);
    RowBytes.Writer w = new RowBytes.Writer(names, names).reset();
    instants.forEach(w::instant);
    phones.forEach(w::phone);
    longs.forEach(w::zigzag);
    RowBytes.Reader r = new RowBytes.Reader(w.toBytes(), names, names);
    for (Instant t : instants) assertThat(r.instant()).isEqualTo(t);
    for (PhoneNumber p : phones) assertThat(r.phone()).isEqualTo(p);
    for (Long l : longs) assertThat(r.zigzag()).isEqualTo(l);
    assertThat(r.hasMore()).isFalse();
  }

  @Property(tries = 3_000)
  void every_row_reads_back_equal(@ForAll long seed) {
    Random random = new Random(seed);
    // Dictionaries small enough that later rows find them full and write their strings out.
    StoredRows stored = new StoredRows(4, 8, 2, 8);
    for (int i = 0; i < 8; i++) {
      OutboxEntry entry = outboxEntry(random);
      assertThat(stored.outbox(stored.outbox(entry))).isEqualTo(entry);
      StoredRows.OutboxHead head = stored.outboxHead(stored.outbox(entry));
      assertThat(head).isEqualTo(new StoredRows.OutboxHead(entry.status(), entry.createdAt(), entry.kind(),
          entry.businessId(), entry.calledAt()));
      assertThat(stored.outboxId(stored.outbox(entry))).isEqualTo(entry.id());
      assertThat(stored.outboxId(entry)).isEqualTo(entry.id());
      assertThat(stored.outboxRecipientKey(stored.outbox(entry))).containsExactly(entry.businessId(),
          entry.to().e164());
      assertThat(stored.outboxRecipientKey(entry)).containsExactly(entry.businessId(), entry.to().e164());
      assertThat(stored.outboxCarrierKey(stored.outbox(entry))).containsExactly(entry.carrier(),
          entry.carrierMessageId());

      CallRecord call = callRecord(random);
      byte[] callRow = stored.call(call);
      assertThat(stored.call(callRow)).isEqualTo(call);
      assertThat(StoredRows.callCalledAt(stored.reader(callRow))).isEqualTo(call.calledAt());
      assertThat(stored.callKey(callRow)).containsExactly(call.carrier(), call.callId());

      Conversation conversation = conversation(random);
      byte[] conversationRow = stored.conversation(conversation);
      assertThat(stored.conversation(conversationRow)).isEqualTo(conversation);
      assertThat(stored.conversationHead(conversationRow)).isEqualTo(new StoredRows.ConversationHead(
          conversation.status(), conversation.lastActivityAt(), conversation.businessId()));
      assertThat(stored.conversationId(conversationRow)).isEqualTo(conversation.id());
      assertThat(stored.conversationPair(conversationRow))
          .containsExactly(conversation.businessId(), conversation.caller().e164());

      Episode episode = new Episode(name(random), phone(random), id(random), instant(random), instant(random),
          instant(random), 1 + random.nextInt(Integer.MAX_VALUE));
      assertThat(stored.episode(stored.episode(episode))).isEqualTo(episode);
      assertThat(stored.episodeKey(stored.episode(episode)))
          .containsExactly(episode.businessId(), episode.caller().e164());
    }
  }

  @Property(tries = 2_000)
  void a_conversations_messages_read_back_in_the_order_stored(@ForAll long seed) {
    Random random = new Random(seed);
    StoredRows stored = new StoredRows(4, 8, 2, 8);
    String conversationId = id(random);
    List<ConversationMessage> written = new ArrayList<>();
    byte[] row = null;
    for (int i = 0, n = 1 + random.nextInt(6); i < n; i++) {
      ConversationMessage m = ConversationMessage.builder().id(id(random)).conversationId(conversationId)
          .direction(pick(random, Direction.values())).body(text(random)).at(instant(random))
          .automatic(random.nextBoolean()).author(nullable(random, name(random)))
          .carrierMessageId(nullable(random, id(random)))
          .mediaUrls(random.nextBoolean() ? List.of()
              // Any text but a line break, which a message refuses in a media URL.
              : List.of(text(random).replace('\n', '_').replace('\r', '_'), "https://media.example/" + i))
          .build();
      row = stored.appendMessage(row, conversationId, m);
      written.add(m);
    }
    assertThat(stored.messages(row)).containsExactlyElementsOf(written);
    assertThat(stored.messagesConversationId(row)).isEqualTo(conversationId);
    assertThat(stored.messageCount(row)).isEqualTo(written.size());
    for (ConversationMessage m : written) assertThat(stored.hasMessage(row, m.id())).isTrue();
    assertThat(stored.hasMessage(row, "not-" + written.get(0).id())).isFalse();
    Instant since = instant(random);
    assertThat(stored.automaticOutboundSince(row, since)).isEqualTo(written.stream()
        .filter(m -> m.automatic() && m.direction() == Direction.OUTBOUND && !m.at().isBefore(since)).count());
  }

  // -- rows with every field drawn from values of interest --------------------------------------------------------

  private static OutboxEntry outboxEntry(Random r) {
    return OutboxEntry.builder().id(id(r)).kind(pick(r, OutboxKind.values())).businessId(name(r)).carrier(name(r))
        .from(phone(r)).to(phone(r)).body(text(r)).conversationId(nullable(r, id(r))).callId(nullable(r, id(r)))
        .calledAt(nullable(r, instant(r))).createdAt(instant(r)).dueAt(instant(r)).expiresAt(nullable(r, instant(r)))
        .status(pick(r, OutboxStatus.values())).attempts(r.nextInt()).totalAttempts(r.nextInt())
        .leaseOwner(nullable(r, name(r))).leaseUntil(nullable(r, instant(r))).carrierMessageId(nullable(r, id(r)))
        .segments(r.nextInt(10)).sentAt(nullable(r, instant(r))).deliveredAt(nullable(r, instant(r)))
        .lastError(nullable(r, text(r))).possibleDuplicate(r.nextBoolean())
        .conversationMessageId(nullable(r, id(r))).takenOver(r.nextBoolean()).build();
  }

  private static CallRecord callRecord(Random r) {
    return CallRecord.builder().carrier(name(r)).callId(id(r)).businessId(nullable(r, name(r))).dialled(phone(r))
        .caller(nullable(r, phone(r))).outcome(pick(r, CallOutcome.values())).calledAt(instant(r))
        .decidedAt(instant(r)).reason(pick(r, Reason.values())).detail(text(r)).dueAt(nullable(r, instant(r)))
        .outboxId(nullable(r, id(r))).conversationId(nullable(r, id(r))).build();
  }

  private static Conversation conversation(Random r) {
    return Conversation.builder().id(id(r)).businessId(name(r)).businessNumber(phone(r)).caller(phone(r))
        .carrier(name(r)).callId(nullable(r, id(r))).openedAt(instant(r))
        .status(pick(r, ConversationStatus.values())).owner(nullable(r, name(r))).lastActivityAt(instant(r))
        .firstReplyAt(nullable(r, instant(r))).firstResponseAt(nullable(r, instant(r)))
        .awaitingSince(nullable(r, instant(r))).escalateAt(nullable(r, instant(r)))
        .handledAt(nullable(r, instant(r))).build();
  }

  private static <T> @Nullable T nullable(Random r, T value) {
    return r.nextInt(3) == 0 ? null : value;
  }

  private static <T> T pick(Random r, T[] values) {
    return values[r.nextInt(values.length)];
  }

  private static String id(Random r) {
    String hex = Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong());
    switch (r.nextInt(7)) {
      case 0: return "ob_" + hex;
      case 1: return "CA" + hex.toUpperCase();
      case 2: return UUID.randomUUID().toString();
      case 3: return UUID.randomUUID().toString().toUpperCase();
      case 4: return "SM" + r.nextInt(1_000_000);
      case 5: return "msg-" + hex.substring(0, 1 + r.nextInt(hex.length() - 1)) + "Z";
      default: return text(r);
    }
  }

  private static String name(Random r) {
    return r.nextBoolean() ? "biz-" + r.nextInt(5) : text(r);
  }

  private static String text(Random r) {
    StringBuilder s = new StringBuilder();
    for (int i = 0, n = r.nextInt(12); i < n; i++) {
      switch (r.nextInt(4)) {
        case 0: s.append((char) ('a' + r.nextInt(26))); break;
        case 1: s.append((char) (0x80 + r.nextInt(0x80))); break;
        case 2: s.append((char) r.nextInt(0x10000)); break;
        default: s.append("😀"); break;
      }
    }
    return s.toString();
  }

  private static Instant instant(Random r) {
    switch (r.nextInt(5)) {
      case 0: return Instant.ofEpochSecond(1_800_000_000L + r.nextInt(1_000_000), r.nextInt(1_000_000) * 1000L);
      case 1: return Instant.ofEpochSecond(1_800_000_000L + r.nextInt(1_000_000), r.nextInt(1_000_000_000));
      case 2: return r.nextBoolean() ? Instant.MIN : Instant.MAX;
      case 3: return Instant.ofEpochSecond(-r.nextInt(1_000_000_000), r.nextInt(1_000_000_000));
      default: return Instant.EPOCH;
    }
  }

  private static PhoneNumber phone(Random r) {
    StringBuilder digits = new StringBuilder("+").append(1 + r.nextInt(9));
    for (int i = 0, n = 6 + r.nextInt(9); i < n; i++) digits.append(r.nextInt(10));
    return PhoneNumber.of(digits.toString());
  }

  // -- arbitraries for the value-level properties ------------------------------------------------------------------

  @Provide
  Arbitrary<List<@Nullable String>> strings() {
    Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(20);
    Arbitrary<String> hexish = Arbitraries.strings().withChars("0123456789abcdefABCDEF_-xZ").ofMaxLength(40);
    Arbitrary<String> uuids = Arbitraries.create(UUID::randomUUID).map(UUID::toString)
        .flatMap(u -> Arbitraries.of(u, u.toUpperCase(), u.substring(0, 35) + "G", u.replace('-', '_')));
    Arbitrary<String> prefixed = Arbitraries.strings().withChars("0123456789abcdef").ofMinLength(7).ofMaxLength(33)
        .flatMap(h -> Arbitraries.of("ob_" + h, "CA" + h.toUpperCase(), "conv_" + h, h));
    return Arbitraries.oneOf(any, hexish, uuids, prefixed).injectNull(0.1).list().ofMaxSize(12);
  }

  @Provide
  Arbitrary<List<@Nullable Instant>> instants() {
    Arbitrary<Instant> any = Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
        .flatMap(s -> Arbitraries.integers().between(0, 999_999_999).map(n -> Instant.ofEpochSecond(s, n)));
    Arbitrary<Instant> recent = Arbitraries.longs().between(1_700_000_000L, 1_900_000_000L)
        .flatMap(s -> Arbitraries.integers().between(0, 999_999).map(us -> Instant.ofEpochSecond(s, us * 1000L)));
    return Arbitraries.oneOf(any, recent, Arbitraries.of(Instant.MIN, Instant.MAX, Instant.EPOCH))
        .injectNull(0.2).list().ofMaxSize(10);
  }

  @Provide
  Arbitrary<List<@Nullable PhoneNumber>> phones() {
    return Arbitraries.integers().between(1, 9)
        .flatMap(first -> Arbitraries.strings().numeric().ofMinLength(6).ofMaxLength(14)
            .map(rest -> PhoneNumber.of("+" + first + rest)))
        .injectNull(0.2).list().ofMaxSize(6);
  }
}
