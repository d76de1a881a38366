package dev.textback.server;

import dev.textback.TextBack;
import dev.textback.business.BusinessDirectory;
import dev.textback.carrier.Carrier;
import dev.textback.spi.TextBackStore;
import dev.textback.webhook.WebhookEndpoint;
import dev.textback.webhook.WebhookRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference server: carrier webhooks, the admin API and the dashboard behind an {@link HttpFront} (Jetty),
 * configured by a JSON file and environment variables. {@code --demo} runs the demo when one is on the class path
 * (textback-demo.jar, see {@link DemoMode}): a carrier simulator playing a story through the same signed webhooks
 * a real carrier sends.
 */
public final class TextbackServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TextbackServer.class);

  /** Every carrier the server can mount; a new adapter is one more entry. */
  static final List<CarrierModule> CARRIERS = List.of(new TwilioModule(), new VonageModule(), new PlivoModule());

  private final Settings settings;
  private final ServerConfig config;
  private final Stores.Opened store;
  private final TextBack engine;
  private final Map<String, WebhookEndpoint> webhooks = new LinkedHashMap<>();
  private final List<String> mounted = new ArrayList<>();
  private final HttpFront http;
  private final AdminApi api;
  private final String adminToken;
  private final boolean generatedToken;
  private final DemoHooks demo;

  /** What demo mode plugs into the server: the simulate button, and a listener that narrates decisions. */
  public interface DemoHooks {
    /** Plays one missed call at the business through the simulator; the answer is shown on the dashboard. */
    Map<String, Object> simulateMissedCall(String businessId) throws Exception;

    /** Who the demo's callers are, for the texts and the dashboard's call lists. */
    default dev.textback.spi.CallerDirectory callerDirectory() {
      return dev.textback.spi.CallerDirectory.none();
    }

    /** Told every decision, so the demo can narrate them. */
    default dev.textback.TextBackListener listener() {
      return new dev.textback.TextBackListener() {};
    }
  }

  private TextbackServer(Settings settings, ServerConfig config, java.time.Clock clock, DemoHooks demo)
      throws IOException {
    this.settings = settings;
    this.config = config;
    this.demo = demo;
    dev.textback.spi.CallerDirectory callers = demo != null ? demo.callerDirectory()
        : dev.textback.spi.CallerDirectory.none();
    this.store = Stores.open(settings.store());
    try {
      TextBack.Builder builder = TextBack.builder()
          .businesses(BusinessDirectory.of(config.businesses().stream().map(ServerConfig.Business::profile).toList()))
          .store(store.store())
          .clock(clock);
      Settings.webhookRetryBudget(settings.env()).ifPresent(builder::webhookRetryBudget);
      // The same number sizes each carrier's connection pool (see the carrier modules), so every concurrent send finds
      // a pooled connection.
      builder.sendConcurrency(Settings.sendConcurrency(settings.env()));
      builder.callerDirectory(callers);
      if (demo != null) builder.listener(demo.listener());
      BusinessRouting routing = new BusinessRouting(config.businesses());
      builder.replyRouter(routing).escalationNotifier(routing);
      for (CarrierModule c : CARRIERS) {
        Optional<Carrier> carrier = c.carrier(settings);
        if (carrier.isPresent()) {
          builder.carrier(carrier.get());
          mounted.add(c.id().name());
        } else {
          log.info("carrier {}: not mounted (set {})", c.id(), String.join(" and ", c.credentials()));
        }
      }
      if (mounted.isEmpty()) {
        throw new ConfigException("no carrier is configured: set " + CARRIERS.stream()
            .map(c -> String.join(" and ", c.credentials())).collect(java.util.stream.Collectors.joining(", or "))
            + " (or run with --demo)");
      }
      this.engine = builder.build();
    } catch (RuntimeException | Error e) {
      // A configuration the engine refuses (a business directory with two businesses on one number, a bad CRM
      // webhook URL) must not leave the store and its connection pool open.
      try {
        store.close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    engine.webhooks().values().forEach(w -> webhooks.putAll(w.byPath()));
    generatedToken = settings.adminToken() == null && settings.demo();
    if (settings.adminToken() != null) {
      adminToken = settings.adminToken();
    } else if (settings.demo()) {
      byte[] random = new byte[16];
      new SecureRandom().nextBytes(random);
      adminToken = HexFormat.of().formatHex(random);
    } else {
      adminToken = null;
      log.warn("TEXTBACK_ADMIN_TOKEN is not set: the API and dashboard answer 401 until it is");
    }
    this.api = new AdminApi(engine, adminToken, callers);
    try {
      this.http = new HttpFront(settings.bindAddress(), settings.port(), HttpFront.Limits.defaults(), LANES,
          SECURITY_HEADERS, this::dispatch);
    } catch (IOException | RuntimeException e) {
      engine.close();
      store.close();
      throw e;
    }
  }

  /**
   * Webhooks and the admin API each get their own threads: a flood of dashboard queries cannot delay a
   * carrier, and a webhook burst cannot lock the operator out. Sixteen webhook threads keep the store's
   * connection pool busy without queueing on it.
   */
  static final List<HttpFront.Lane> LANES = List.of(
      new HttpFront.Lane("webhooks", "/webhooks/", 16, 256),
      new HttpFront.Lane("api", "/api/", 4, 64));

  /**
   * On every response. The dashboard is one HTML page, one script and one stylesheet from this server, with no
   * inline code: the policy allows exactly that (and API calls to this server), so injected markup finds no
   * script to run, no page can frame the dashboard, and no answer is content-sniffed into something else.
   */
  static final Map<String, String> SECURITY_HEADERS = Map.of(
      "Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
          + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      "X-Frame-Options", "DENY",
      "X-Content-Type-Options", "nosniff",
      "Referrer-Policy", "no-referrer");

  /** Builds and starts a server. */
  public static TextbackServer start(Settings settings, ServerConfig config, java.time.Clock clock, DemoHooks demo)
      throws IOException {
    TextbackServer s = create(settings, config, clock, demo);
    s.serve();
    return s;
  }

  /** Builds a server (store opened, schema migrated) without starting it. */
  public static TextbackServer create(Settings settings, ServerConfig config, java.time.Clock clock, DemoHooks demo)
      throws IOException {
    return new TextbackServer(settings, config, clock, demo);
  }

  /** Starts the engine's dispatcher and the HTTP listener. */
  /** Starts accepting requests (after {@link #create}, which lets a caller prepare the store first). */
  public void serve() throws IOException {
    engine.start();
    try {
      http.start();
    } catch (Exception e) {
      String where = settings.bindAddress() + ":" + port();
      close();
      throw new IOException("cannot start the HTTP server on " + where, e);
    }
    log.info("textback listening on {} port {}; carriers mounted: {}; store: {}", settings.bindAddress(), port(),
        mounted, Stores.describe(settings.store()));
  }

  public int port() {
    return http.port();
  }

  public TextBack engine() {
    return engine;
  }

  /**
   * The dashboard link. When the server made up the admin token itself (demo mode), the link carries it in
   * the URL fragment, which browsers never send to the server; a token you configured is never printed.
   */
  public String dashboardUrl() {
    String base = settings.publicUrl() != null ? settings.publicUrl() : "http://" + localHost() + ":" + port();
    return base + "/dashboard/" + (generatedToken ? "#token=" + adminToken : "");
  }

  /** How a browser on this host reaches the server: by name when it listens everywhere, else by its address. */
  private String localHost() {
    try {
      InetAddress a = InetAddress.getByName(settings.bindAddress());
      if (a.isAnyLocalAddress()) return "localhost";
      return a instanceof java.net.Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
    } catch (IOException e) {
      return settings.bindAddress();
    }
  }

  String adminToken() {
    return adminToken;
  }

  private HttpReply dispatch(HttpCall call) {
    String path = call.path();
    try {
      WebhookEndpoint endpoint = webhooks.get(path);
      if (endpoint != null) {
        return webhook(call, endpoint);
      } else if (path.equals("/healthz")) {
        return call.isRead() ? HttpReply.json(200, Map.of("status", "ok", "carriers", mounted))
            : HttpReply.methodNotAllowed(call, AdminApi.READ, true);
      } else if (path.equals("/api/features")) {
        if (!api.authorised(call)) return api.unauthorised();
        return call.isRead() ? HttpReply.json(200, Map.of("simulate", demo != null))
            : HttpReply.methodNotAllowed(call, AdminApi.READ, true);
      } else if (path.equals("/api/simulate/missed-call")) {
        if (!api.authorised(call)) return api.unauthorised();
        return call.method().equals("POST") ? simulate(call) : HttpReply.methodNotAllowed(call, "POST", true);
      } else if (path.startsWith("/api/")) {
        return api.handle(call);
      } else if (path.equals("/") || path.equals("/dashboard")) {
        if (!call.isRead()) return HttpReply.methodNotAllowed(call, AdminApi.READ, false);
        // Relative, so the link still works behind a proxy that serves the server under a path prefix.
        return HttpReply.text(302, "").withHeader("Location", "dashboard/");
      } else if (path.startsWith("/dashboard/")) {
        return asset(call, path.substring("/dashboard/".length()));
      } else if (path.startsWith("/webhooks/")) {
        return HttpReply.text(404, "no such webhook (is the carrier mounted?)\n");
      } else {
        return HttpReply.text(404, "not found\n");
      }
    } catch (RuntimeException e) {
      log.error("request {} {} failed", call.method(), Http.printable(path), e);
      return HttpReply.text(500, "internal error\n");
    }
  }

  private HttpReply webhook(HttpCall call, WebhookEndpoint endpoint) {
    // The body is whole and within Http.MAX_BODY: the front answered 413 to anything larger.
    String base = settings.publicUrl() != null ? settings.publicUrl()
        : "http://" + call.header("Host").orElse("localhost:" + port());
    WebhookRequest request = Http.webhookRequest(call, base);
    return HttpReply.of(endpoint.handle(request));
  }

  private HttpReply simulate(HttpCall call) {
    if (demo == null) {
      return HttpReply.error(404, "the simulator runs only in demo mode");
    }
    try {
      Map<String, String> q = AdminApi.query(call.rawQuery());
      String business = q.getOrDefault("business", config.businesses().get(0).profile().id());
      return HttpReply.json(200, demo.simulateMissedCall(business));
    } catch (IllegalArgumentException e) {
      return HttpReply.error(400, e.getMessage());
    } catch (Exception e) {
      log.warn("simulated call failed", e);
      return HttpReply.error(500, "simulated call failed: " + e.getMessage());
    }
  }

  private HttpReply asset(HttpCall call, String name) {
    if (name.isEmpty()) name = "index.html";
    if (!name.matches("[a-z]+\\.(html|js|css)")) {
      return HttpReply.text(404, "not found\n");
    }
    try (InputStream in = TextbackServer.class.getResourceAsStream("dashboard/" + name)) {
      if (in == null) {
        return HttpReply.text(404, "not found\n");
      }
      if (!call.isRead()) return HttpReply.methodNotAllowed(call, AdminApi.READ, false);
      String type = name.endsWith(".html") ? "text/html; charset=utf-8"
          : name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
      return HttpReply.of(200, type, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Stops taking requests, drains in-flight sends, closes the store. Pending texts stay stored. */
  @Override
  public void close() {
    log.info("shutting down: no new requests; in-flight sends finish, pending texts stay in the store");
    http.close();
    engine.close();
    store.close();
  }

  /** The store the engine runs on. */
  public TextBackStore store() {
    return store.store();
  }

  public static void main(String[] args) {
    Settings settings;
    ServerConfig config;
    DemoMode demoMode = null;
    try {
      settings = Settings.from(System.getenv(), args);
      if (settings.demo()) demoMode = DemoMode.find();
      config = settings.config() != null ? ServerConfig.load(settings.config()) : demoMode.sampleConfig();
    } catch (ConfigException e) {
      System.err.println("textback: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    try {
      if (demoMode != null) {
        demoMode.run(settings, config);
      } else {
        TextbackServer server = start(settings, config, java.time.Clock.systemUTC(), null);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "textback-shutdown"));
        System.out.println("textback is running. Dashboard: " + server.dashboardUrl()
            + (settings.adminToken() == null ? "" : "#token=<TEXTBACK_ADMIN_TOKEN>"));
      }
    } catch (ConfigException e) {
      System.err.println("textback: configuration error: " + e.getMessage());
      System.exit(2);
    } catch (IOException | RuntimeException e) {
      System.err.println("textback: failed to start: " + e);
      System.exit(1);
    }
  }
}
