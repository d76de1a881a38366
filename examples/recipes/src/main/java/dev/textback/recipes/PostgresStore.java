package dev.textback.recipes;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.business.BusinessDirectory;
import dev.textback.business.BusinessProfile;
import dev.textback.call.CallEvent;
import dev.textback.call.CallOutcome;
import dev.textback.gateway.ConsoleSmsGateway;
import dev.textback.jdbc.JdbcTextBackStore;
import dev.textback.phone.CarrierId;
import dev.textback.phone.PhoneNumber;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The PostgreSQL store on a pooled DataSource (HikariCP), so several instances of your application share one
 * outbox and never text a caller twice. Pass the JDBC URL as the first argument or in DATABASE_URL, e.g.
 * {@code jdbc:postgresql://localhost:5432/app?user=app&password=secret}.
 */
public class PostgresStore {
  public static void main(String[] args) {
    String url = args.length > 0 ? args[0] : System.getenv("DATABASE_URL");
    if (url == null) throw new IllegalArgumentException("pass a jdbc:postgresql: URL or set DATABASE_URL");
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(url);
    pool.setMaximumPoolSize(10); // the engine holds one connection per store transaction, briefly

    try (HikariDataSource dataSource = new HikariDataSource(pool)) {
      JdbcTextBackStore store = new JdbcTextBackStore(dataSource);
      System.out.println("Schema scripts applied: " + store.migrate()); // safe from every instance at start-up

      BusinessProfile summit = BusinessProfile.builder()
          .id("summit").displayName("Summit Heating & Cooling").number("+13035550142").build();
      Instant noonInDenver = Instant.parse("2026-07-14T18:00:00Z");
      try (TextBack engine = TextBack.builder()
          .businesses(BusinessDirectory.of(summit))
          .store(store)
          .gateway(new ConsoleSmsGateway())
          .clock(Clock.fixed(noonInDenver, ZoneOffset.UTC))
          .build()) {
        CallEvent call = CallEvent.builder().carrier(CarrierId.of("console"))
            .callId("CA-" + UUID.randomUUID()) // the carrier's call id; a redelivery carries the same one
            .dialled(PhoneNumber.of("+13035550142")).caller("+17205550123")
            .startedAt(noonInDenver).outcome(CallOutcome.NO_ANSWER).build();
        CallDecision first = engine.onCall(call);
        CallDecision again = engine.onCall(call); // the carrier redelivered the webhook
        engine.runDueWork();
        System.out.println("First delivery: " + first.action() + "; redelivery: " + again.action()
            + (again.duplicate() ? " (the same decision, no second text)" : ""));
      }
    }
  }
}
