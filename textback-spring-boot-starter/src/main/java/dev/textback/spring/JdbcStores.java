package dev.textback.spring;

import dev.textback.jdbc.JdbcTextBackStore;
import dev.textback.spi.TextBackStore;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JDBC store, kept apart so textback-jdbc is loaded only when the application has a DataSource. */
final class JdbcStores {
  private static final Logger log = LoggerFactory.getLogger(JdbcStores.class);

  private JdbcStores() {}

  static boolean available() {
    try {
      Class.forName("dev.textback.jdbc.JdbcTextBackStore", false, JdbcStores.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  static TextBackStore create(DataSource dataSource, boolean migrate) {
    JdbcTextBackStore store = new JdbcTextBackStore(dataSource);
    if (migrate) {
      List<String> applied = store.migrate();
      log.info("textback store on {} ({}): {}", dataSource.getClass().getSimpleName(), store.dialect(),
          applied.isEmpty() ? "schema up to date" : "applied " + applied);
    } else {
      log.info("textback store on {} ({}); schema migration is off (textback.store.migrate=false)",
          dataSource.getClass().getSimpleName(), store.dialect());
    }
    return store;
  }
}
