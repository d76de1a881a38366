package dev.textback.server;

import dev.textback.TextBack;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the server reads from its environment and command line. Environment variables win over defaults;
 * {@code --demo} switches on the simulator, a sample business and an in-memory H2 store.
 *
 * @param port TEXTBACK_PORT, default 8080 (0 picks a free port)
 * @param bindAddress TEXTBACK_BIND_ADDRESS, the address to listen on, default {@value #DEFAULT_BIND_ADDRESS}
 *     (loopback: only a proxy on the same host reaches the server); {@code 0.0.0.0} or {@code ::} for every
 *     interface
 * @param config TEXTBACK_CONFIG, the businesses file; optional in demo mode
 * @param publicUrl TEXTBACK_PUBLIC_URL, the base URL carriers call (what they sign)
 * @param store TEXTBACK_STORE: {@code memory}, a {@code jdbc:sqlite:}, {@code jdbc:postgresql:} or {@code jdbc:h2:}
 *     URL; by default the SQLite file {@code ./data/textback.db}
 * @param adminToken TEXTBACK_ADMIN_TOKEN, the bearer token of the API and dashboard
 * @param demo whether {@code --demo} was given
 * @param env the whole environment, for carrier credentials
 * @param demoCarrier the carrier the demo simulates ({@code --carrier}, one of {@link #DEMO_CARRIERS}); twilio
 *     unless given
 */
public record Settings(int port, String bindAddress, Path config, String publicUrl, String store, String adminToken,
    boolean demo, Map<String, String> env, String demoCarrier) {

  /** The carriers the demo can simulate, for {@code --carrier}; the first is the default. */
  public static final java.util.List<String> DEMO_CARRIERS = java.util.List.of("twilio", "vonage", "plivo");

  /** Settings whose demo, if any, simulates Twilio. */
  public Settings(int port, String bindAddress, Path config, String publicUrl, String store, String adminToken,
      boolean demo, Map<String, String> env) {
    this(port, bindAddress, config, publicUrl, store, adminToken, demo, env, DEMO_CARRIERS.get(0));
  }

  /**
   * The server speaks plain HTTP and is meant to sit behind a TLS proxy: by default only that proxy, on the
   * same host, can reach it, and the admin token never crosses a network in clear.
   */
  public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

  /** Settings listening where TEXTBACK_BIND_ADDRESS in {@code env} says (the default when unset). */
  public Settings(int port, Path config, String publicUrl, String store, String adminToken, boolean demo,
      Map<String, String> env) {
    this(port, bindAddress(env), config, publicUrl, store, adminToken, demo, env);
  }

  /** Settings listening where TEXTBACK_BIND_ADDRESS in {@code env} says, with the demo's carrier. */
  public Settings(int port, Path config, String publicUrl, String store, String adminToken, boolean demo,
      Map<String, String> env, String demoCarrier) {
    this(port, bindAddress(env), config, publicUrl, store, adminToken, demo, env, demoCarrier);
  }

  /** Names what is set, never a secret: the environment holds carrier tokens and database passwords. */
  @Override
  public String toString() {
    return "Settings[port=" + port + ", bindAddress=" + bindAddress + ", config=" + config + ", publicUrl=" + publicUrl + ", store="
        + Stores.describe(store) + ", adminToken=" + (adminToken == null ? "unset" : "***") + ", demo=" + demo + (demo ? ", demoCarrier=" + demoCarrier : "") + "]";
  }

  /**
   * The store when TEXTBACK_STORE is not set: one SQLite file, which keeps every commit the server acknowledged
   * through a killed process or a power cut (write-ahead log, flushed to disk at each commit) and opens cleanly
   * afterwards. A transaction waits up to 30 s for the write lock; the log is cut back to 16 MB after checkpoints.
   */
  public static final String DEFAULT_STORE = "jdbc:sqlite:./data/textback.db?journal_mode=WAL&synchronous=FULL"
      + "&busy_timeout=30000&journal_size_limit=16777216";
  /** The demo's store: H2 in memory, fresh on every run (the name is made unique per run). */
  static final String DEMO_STORE = "jdbc:h2:mem:textback-demo-%s;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";

  /** Reads settings; @throws ConfigException naming the variable at fault */
  public static Settings from(Map<String, String> env, String[] args) {
    boolean demo = false;
    String carrier = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--demo")) {
        demo = true;
      } else if (a.equals("--carrier") || a.startsWith("--carrier=")) {
        if (carrier != null) throw new ConfigException("--carrier: given twice");
        if (a.equals("--carrier")) {
          if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
            throw new ConfigException("--carrier: needs a carrier, one of " + String.join(", ", DEMO_CARRIERS));
          }
          carrier = args[++i];
        } else {
          carrier = a.substring("--carrier=".length());
        }
        if (!DEMO_CARRIERS.contains(carrier)) {
          throw new ConfigException("--carrier: unknown carrier '" + dev.textback.carrier.LogText.escape(carrier)
              + "' (the demo simulates " + String.join(", ", DEMO_CARRIERS) + ")");
        }
      } else {
        throw new ConfigException("unknown argument '" + dev.textback.carrier.LogText.escape(a)
            + "' (the flags are --demo and --carrier twilio|vonage|plivo; the rest is environment)");
      }
    }
    if (carrier != null && !demo) {
      // A real server mounts every carrier whose credentials are set: the flag only picks what the demo plays.
      throw new ConfigException("--carrier: only with --demo (it picks the carrier the demo simulates; a server "
          + "serves every carrier whose credentials are in the environment)");
    }
    int port;
    String rawPort = env.getOrDefault("TEXTBACK_PORT", "8080");
    try {
      port = Integer.parseInt(rawPort.trim());
      if (port < 0 || port > 65535) throw new NumberFormatException();
    } catch (NumberFormatException e) {
      throw new ConfigException("TEXTBACK_PORT: not a port number: '" + rawPort + "'");
    }
    String bindAddress = bindAddress(env);
    webhookRetryBudget(env);
    sendConcurrency(env);
    Path config = Optional.ofNullable(env.get("TEXTBACK_CONFIG")).filter(s -> !s.isBlank()).map(Path::of).orElse(null);
    if (config == null && !demo) {
      throw new ConfigException("TEXTBACK_CONFIG: required (a JSON file describing your businesses; see README), "
          + "or run with --demo");
    }
    String publicUrl = checkedPublicUrl(env.get("TEXTBACK_PUBLIC_URL"));
    String store = env.get("TEXTBACK_STORE");
    if (demo) {
      // The demo seeds sample history and conversations: never into a real database.
      store = String.format(DEMO_STORE, java.util.UUID.randomUUID().toString().substring(0, 8));
      publicUrl = null;
    } else if (store == null || store.isBlank()) {
      store = DEFAULT_STORE;
    }
    if (!store.equals("memory") && !store.startsWith("jdbc:sqlite:") && !store.startsWith("jdbc:h2:")
        && !store.startsWith("jdbc:postgresql:")) {
      throw new ConfigException("TEXTBACK_STORE: must be 'memory', a jdbc:sqlite: URL, a jdbc:postgresql: URL or a"
          + " jdbc:h2: URL");
    }
    String token = checkedAdminToken(env.get("TEXTBACK_ADMIN_TOKEN"));
    return new Settings(port, bindAddress, config, publicUrl == null ? null : publicUrl.replaceAll("/+$", ""), store,
        token, demo, Map.copyOf(env),
        carrier == null ? DEMO_CARRIERS.get(0) : carrier);
  }

  /**
   * TEXTBACK_PUBLIC_URL, trimmed: an http(s) URL with a host and nothing after its path. Every webhook's signature is
   * checked against it and the request's path, so a stray space, query or fragment would have every genuine webhook
   * refused.
   */
  static @Nullable String checkedPublicUrl(@Nullable String raw) {
    if (raw == null || raw.isBlank()) return null;
    String value = raw.strip();
    String problem = null;
    try {
      java.net.URI uri = new java.net.URI(value);
      if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        problem = "must start with http:// or https://";
      } else if (uri.getRawAuthority() == null || uri.getRawAuthority().isBlank()) {
        problem = "has no host";
      } else if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        problem = "must not have a query or a fragment (the request's path is added to it)";
      }
    } catch (java.net.URISyntaxException e) {
      problem = "is not a URL (" + e.getReason() + ")";
    }
    if (problem != null) {
      throw new ConfigException("TEXTBACK_PUBLIC_URL " + problem + ": give the public http(s) URL such as "
          + "https://textback.example.com, was '" + dev.textback.carrier.LogText.escape(value) + "'");
    }
    return value;
  }

  /**
   * TEXTBACK_ADMIN_TOKEN, trimmed (a secret mounted from a file often ends in a line break): a token a client can
   * send in a header, so visible ASCII only, or the admin API would refuse every request.
   */
  static @Nullable String checkedAdminToken(@Nullable String raw) {
    if (raw == null || raw.isBlank()) return null;
    String token = raw.strip();
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new ConfigException("TEXTBACK_ADMIN_TOKEN: only visible ASCII characters can be sent in an "
            + "Authorization header; the token has another at position " + (i + 1));
      }
    }
    return token;
  }

  /** The longest TEXTBACK_WEBHOOK_RETRY_BUDGET: Twilio stops waiting for an answer after 15 s. */
  static final java.time.Duration MAX_WEBHOOK_RETRY_BUDGET = java.time.Duration.ofSeconds(14);

  /**
   * TEXTBACK_WEBHOOK_RETRY_BUDGET (whole seconds or ISO-8601): how long a carrier webhook keeps trying while the
   * store is unreachable before it answers so the carrier asks again; empty for the engine's default (5 s).
   * Zero tries once.
   */
  static Optional<java.time.Duration> webhookRetryBudget(Map<String, String> env) {
    String key = "TEXTBACK_WEBHOOK_RETRY_BUDGET";
    dev.textback.carrier.SettingsReader reader = new dev.textback.carrier.SettingsReader(env::get);
    Optional<java.time.Duration> budget = reader.duration(key);
    if (!reader.problems().isEmpty()) throw new ConfigException(reader.problems().get(0) + " (e.g. 5 or PT2.5S)");
    if (budget.isPresent() && (budget.get().isNegative() || budget.get().compareTo(MAX_WEBHOOK_RETRY_BUDGET) > 0)) {
      throw new ConfigException(key + ": must be between 0 and " + MAX_WEBHOOK_RETRY_BUDGET.toSeconds()
          + " seconds (carriers stop waiting for an answer after 10 to 15 s), was " + env.get(key).trim());
    }
    return budget;
  }

  /**
   * The most TEXTBACK_SEND_CONCURRENCY allows: each send holds a thread and a pooled connection to the carrier, and
   * a value above this is far more than a carrier's account accepts at once, so it is taken for a typo.
   */
  static final int MAX_SEND_CONCURRENCY = 256;

  /**
   * TEXTBACK_SEND_CONCURRENCY: how many texts the engine sends at once, and how many pooled connections each
   * carrier's HTTP client keeps for them; the engine's default ({@value TextBack#DEFAULT_SEND_CONCURRENCY}) when
   * unset.
   *
   * @throws ConfigException when it is not a whole number from 1 to {@value #MAX_SEND_CONCURRENCY}
   */
  static int sendConcurrency(Map<String, String> env) {
    String key = "TEXTBACK_SEND_CONCURRENCY";
    String raw = env.get(key);
    if (raw == null || raw.isBlank()) return TextBack.DEFAULT_SEND_CONCURRENCY;
    int value;
    try {
      value = Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      value = 0;
    }
    if (value < 1 || value > MAX_SEND_CONCURRENCY) {
      throw new ConfigException(key + ": must be a whole number from 1 to " + MAX_SEND_CONCURRENCY
          + " (texts sent at once; default " + TextBack.DEFAULT_SEND_CONCURRENCY + "), was '"
          + dev.textback.carrier.LogText.escape(raw.trim()) + "'");
    }
    return value;
  }

  /** TEXTBACK_BIND_ADDRESS: an address of this host, a wildcard, or the default. */
  private static String bindAddress(Map<String, String> env) {
    String raw = env.get("TEXTBACK_BIND_ADDRESS");
    if (raw == null || raw.isBlank()) return DEFAULT_BIND_ADDRESS;
    String value = raw.trim();
    String hint = " (use an IP address of this host such as 127.0.0.1, or 0.0.0.0 or :: for every interface; "
        + "the port is TEXTBACK_PORT)";
    InetAddress address;
    try {
      // A literal needs no lookup; a host name is resolved once, here, so a typo stops start-up.
      address = InetAddress.getByName(value.startsWith("[") && value.endsWith("]")
          ? value.substring(1, value.length() - 1) : value);
    } catch (UnknownHostException | SecurityException e) {
      throw new ConfigException("TEXTBACK_BIND_ADDRESS: not an address: '" + value + "'" + hint);
    }
    boolean local;
    try {
      local = address.isAnyLocalAddress() || address.isLoopbackAddress()
          || NetworkInterface.getByInetAddress(address) != null;
    } catch (SocketException e) {
      local = false;
    }
    if (!local) {
      throw new ConfigException("TEXTBACK_BIND_ADDRESS: " + address.getHostAddress() + " ('" + value
          + "') is not an address of this host" + hint);
    }
    return address.getHostAddress();
  }
}
