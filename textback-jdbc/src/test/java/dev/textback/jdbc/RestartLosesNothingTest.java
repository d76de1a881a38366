package dev.textback.jdbc;

import static dev.textback.jdbc.JdbcEngineFixture.AFTERNOON;
import static dev.textback.jdbc.JdbcEngineFixture.BUSINESS_ID;
import static dev.textback.jdbc.JdbcEngineFixture.TEXT_BACK;
import static dev.textback.jdbc.JdbcEngineFixture.caller;
import static dev.textback.jdbc.JdbcEngineFixture.missedCall;
import static dev.textback.jdbc.JdbcEngineFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.zaxxer.hikari.HikariDataSource;
import dev.textback.CallDecision;
import dev.textback.InboundResult;
import dev.textback.TextBack;
import dev.textback.phone.PhoneNumber;
import dev.textback.policy.Episode;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationMessage;
import dev.textback.reply.ConversationStatus;
import dev.textback.reply.Direction;
import dev.textback.rules.Reason;
import dev.textback.test.RecordingSmsGateway;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Everything an engine decided survives closing the engine, the store and the database connections: a new
 * engine on a new store over the same database honours the opt-out, keeps the cooldown episode and lists the
 * conversation with its messages.
 */
class RestartLosesNothingTest {
  private static final String PG_SCHEMA = "textback_restart";
  private static final String OPTED_OUT = caller(1);
  private static final String EPISODE_CALLER = caller(2);
  private static final String CONVERSATION_CALLER = caller(3);
  private static final String REPLY = "Can you come Thursday morning?";
  /** Later the same day: inside the 24-hour cooldown. */
  private static final Instant AFTER_RESTART = AFTERNOON.plus(Duration.ofHours(2));

  /** A database that outlives the connections to it. */
  enum Database {
    SQLITE_FILE, H2_FILE, POSTGRESQL
  }

  @TempDir
  Path dir;

  private final List<HikariDataSource> pools = new ArrayList<>();

  @AfterEach
  void closePools() {
    pools.forEach(HikariDataSource::close);
  }

  private String prepare(Database database) throws Exception {
    if (database == Database.POSTGRESQL) {
      TestDatabases.recreatePostgresSchema(PG_SCHEMA);
      return TestDatabases.postgresUrl();
    }
    if (database == Database.SQLITE_FILE) return TestDatabases.sqliteFileUrl(dir, "textback-restart");
    return TestDatabases.h2FileUrl(dir, "textback-restart");
  }

  private HikariDataSource open(Database database, String url) {
    HikariDataSource pool = TestDatabases.pool(url, database == Database.POSTGRESQL ? PG_SCHEMA : null, 4);
    pools.add(pool);
    return pool;
  }

  private static TextBack engine(JdbcTextBackStore store, RecordingSmsGateway gateway, Instant now, String id) {
    return TextBack.builder()
        .businesses(JdbcEngineFixture.businesses())
        .store(store)
        .gateway(gateway)
        .clock(Clock.fixed(now, ZoneOffset.UTC))
        .instanceId(id)
        .build();
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void a_new_engine_on_the_same_database_keeps_opt_outs_episodes_and_conversations(Database database)
      throws Exception {
    String url = prepare(database);

    HikariDataSource firstPool = open(database, url);
    JdbcTextBackStore firstStore = new JdbcTextBackStore(firstPool);
    firstStore.migrate();
    RecordingSmsGateway firstGateway = RecordingSmsGateway.forCarrier(JdbcEngineFixture.CARRIER);
    CallDecision episodeOpened;
    String conversationId;
    try (TextBack first = engine(firstStore, firstGateway, AFTERNOON, "before-restart")) {
      assertThat(first.onInbound(text("SM-stop", OPTED_OUT, "STOP", AFTERNOON)).action())
          .isEqualTo(InboundResult.Action.OPTED_OUT);
      episodeOpened = first.onCall(missedCall("CA-episode-1", EPISODE_CALLER, AFTERNOON));
      assertThat(episodeOpened.texted()).isTrue();
      CallDecision conversationOpened = first.onCall(missedCall("CA-conversation-1", CONVERSATION_CALLER,
          AFTERNOON));
      assertThat(conversationOpened.texted()).isTrue();
      conversationId = conversationOpened.conversationId();
      first.runDueWork();
      InboundResult reply = first.onInbound(text("SM-reply", CONVERSATION_CALLER, REPLY, AFTERNOON));
      assertThat(reply.action()).isEqualTo(InboundResult.Action.ROUTED);
      assertThat(reply.conversationId()).isEqualTo(conversationId);
    }
    assertThat(firstGateway.sent()).extracting(r -> r.to().e164())
        .containsExactlyInAnyOrder(EPISODE_CALLER, CONVERSATION_CALLER);
    firstStore.close();
    TestDatabases.assertNoConnectionLeak(firstPool);
    // The last connection closing closes an H2 file database: the next engine reads it back from disk.
    firstPool.close();
    if (database == Database.H2_FILE) assertThat(dir.resolve("textback-restart.mv.db")).isRegularFile();
    if (database == Database.SQLITE_FILE) assertThat(dir.resolve("textback-restart.db")).isRegularFile();

    HikariDataSource secondPool = open(database, url);
    JdbcTextBackStore secondStore = new JdbcTextBackStore(secondPool);
    RecordingSmsGateway secondGateway = RecordingSmsGateway.forCarrier(JdbcEngineFixture.CARRIER);
    try (TextBack second = engine(secondStore, secondGateway, AFTER_RESTART, "after-restart")) {
      CallDecision optedOut = second.onCall(missedCall("CA-opted-out-1", OPTED_OUT, AFTER_RESTART));
      assertThat(optedOut.action()).isEqualTo(CallDecision.Action.SKIPPED);
      assertThat(optedOut.reason()).isEqualTo(Reason.SKIPPED_OPTED_OUT);

      CallDecision again = second.onCall(missedCall("CA-episode-2", EPISODE_CALLER, AFTER_RESTART));
      assertThat(again.reason()).isEqualTo(Reason.SKIPPED_COOLDOWN);
      Episode episode = secondStore.inTransaction(tx -> tx.lockEpisode(BUSINESS_ID, PhoneNumber.of(EPISODE_CALLER)))
          .orElseThrow();
      assertThat(episode.calls()).isEqualTo(2);
      assertThat(episode.firstCallId()).isEqualTo("CA-episode-1");
      assertThat(episode.startedAt()).isEqualTo(AFTERNOON);

      CallDecision redelivered = second.onCall(missedCall("CA-episode-1", EPISODE_CALLER, AFTERNOON));
      assertThat(redelivered.duplicate()).isTrue();
      assertThat(redelivered.outboxId()).isEqualTo(episodeOpened.outboxId());

      Conversation conversation = second.conversation(conversationId).orElseThrow();
      assertThat(conversation.caller()).isEqualTo(PhoneNumber.of(CONVERSATION_CALLER));
      assertThat(conversation.status()).isEqualTo(ConversationStatus.OPEN);
      assertThat(conversation.firstReplyAt()).isEqualTo(AFTERNOON);
      assertThat(second.messages(conversationId))
          .extracting(ConversationMessage::direction, ConversationMessage::body)
          .containsExactly(tuple(Direction.OUTBOUND, TEXT_BACK), tuple(Direction.INBOUND, REPLY));
      assertThat(second.conversations(BUSINESS_ID, EnumSet.allOf(ConversationStatus.class), 10))
          .extracting(Conversation::id).contains(conversationId);

      second.runDueWork();
      assertThat(secondGateway.sent()).as("nothing sent again after the restart").isEmpty();
    }
    secondStore.close();
    TestDatabases.assertNoConnectionLeak(secondPool);
  }
}
