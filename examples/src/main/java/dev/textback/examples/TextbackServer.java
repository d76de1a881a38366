package dev.textback.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.textback.TextBack;
import dev.textback.business.BusinessDirectory;
import dev.textback.carrier.Carrier;
import dev.textback.spi.TextBackStore;
import dev.textback.webhook.WebhookEndpoint;
import dev.textback.webhook.WebhookRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference server: carrier webhooks, the admin API and the dashboard on the JDK's own HTTP server,
 * configured by a JSON file and environment variables. {@code --demo} adds a carrier simulator and plays a
 * story through the same signed webhooks a real carrier sends.
 */
public final class TextbackServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TextbackServer.class);

  /** Every carrier the server can mount; a new adapter is one more entry. */
  static final List<CarrierModule> CARRIERS = List.of(new TwilioModule());

  /** Adapters on the way, listed at start so operators see what is coming. */
  static final List<CarrierModule.Planned> PLANNED = List.of(
      new CarrierModule.Planned("vonage", List.of("VONAGE_API_KEY", "VONAGE_API_SECRET", "VONAGE_SIGNATURE_SECRET",
          "VONAGE_APPLICATION_ID", "VONAGE_PRIVATE_KEY_PATH", "VONAGE_API_BASE_URL"),
          List.of("answer", "event", "inbound", "status")),
      new CarrierModule.Planned("plivo", List.of("PLIVO_AUTH_ID", "PLIVO_AUTH_TOKEN", "PLIVO_API_BASE_URL"),
          List.of("answer", "dial", "hangup", "sms", "sms/status")));

  private final Settings settings;
  private final ServerConfig config;
  private final Stores.Opened store;
  private final TextBack engine;
  private final Map<String, WebhookEndpoint> webhooks = new LinkedHashMap<>();
  private final List<String> mounted = new ArrayList<>();
  private final HttpServer http;
  private final ExecutorService httpThreads;
  private final AdminApi api;
  private final String adminToken;
  private final boolean generatedToken;
  private final DemoHooks demo;

  /** What demo mode plugs into the server: the simulate button, and a listener that narrates decisions. */
  interface DemoHooks {
    Map<String, Object> simulateMissedCall(String businessId) throws Exception;

    default dev.textback.TextBackListener listener() {
      return new dev.textback.TextBackListener() {};
    }
  }

  private TextbackServer(Settings settings, ServerConfig config, java.time.Clock clock, DemoHooks demo)
      throws IOException {
    this.settings = settings;
    this.config = config;
    this.demo = demo;
    this.store = Stores.open(settings.store());
    TextBack.Builder builder = TextBack.builder()
        .businesses(BusinessDirectory.of(config.businesses().stream().map(ServerConfig.Business::profile).toList()))
        .store(store.store())
        .clock(clock);
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
    for (CarrierModule.Planned p : PLANNED) {
      log.info("carrier {}: coming in a later release (routes {} under /webhooks/{}/; variables {})", p.name(),
          p.routes(), p.name(), p.credentials());
    }
    if (mounted.isEmpty()) {
      store.close();
      throw new ConfigException("no carrier is configured: set " + String.join(" and ", CARRIERS.get(0).credentials())
          + " (or run with --demo)");
    }
    this.engine = builder.build();
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
    this.api = new AdminApi(engine, adminToken);
    this.httpThreads = Executors.newFixedThreadPool(16, r -> {
      Thread t = new Thread(r, "textback-http");
      t.setDaemon(true);
      return t;
    });
    this.http = HttpServer.create(new InetSocketAddress(settings.port()), 128);
    http.setExecutor(httpThreads);
    http.createContext("/", this::dispatch);
  }

  /** Builds and starts a server. */
  public static TextbackServer start(Settings settings, ServerConfig config, java.time.Clock clock, DemoHooks demo)
      throws IOException {
    TextbackServer s = create(settings, config, clock, demo);
    s.serve();
    return s;
  }

  /** Builds a server (store opened, schema migrated) without starting it. */
  static TextbackServer create(Settings settings, ServerConfig config, java.time.Clock clock, DemoHooks demo)
      throws IOException {
    return new TextbackServer(settings, config, clock, demo);
  }

  /** Starts the engine's dispatcher and the HTTP listener. */
  void serve() {
    engine.start();
    http.start();
    log.info("textback listening on port {}; carriers mounted: {}; store: {}", port(), mounted,
        Stores.describe(settings.store()));
  }

  public int port() {
    return http.getAddress().getPort();
  }

  public TextBack engine() {
    return engine;
  }

  /**
   * The dashboard link. When the server made up the admin token itself (demo mode), the link carries it in
   * the URL fragment, which browsers never send to the server; a token you configured is never printed.
   */
  public String dashboardUrl() {
    String base = settings.publicUrl() != null ? settings.publicUrl() : "http://localhost:" + port();
    return base + "/dashboard/" + (generatedToken ? "#token=" + adminToken : "");
  }

  String adminToken() {
    return adminToken;
  }

  private void dispatch(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    try {
      WebhookEndpoint endpoint = webhooks.get(path);
      if (endpoint != null) {
        webhook(ex, endpoint);
      } else if (path.equals("/healthz")) {
        Http.json(ex, 200, Map.of("status", "ok", "carriers", mounted));
      } else if (path.equals("/api/features")) {
        if (!api.authorised(ex)) {
          Http.error(ex, 401, "missing or wrong bearer token");
        } else {
          Http.json(ex, 200, Map.of("simulate", demo != null));
        }
      } else if (path.equals("/api/simulate/missed-call") && ex.getRequestMethod().equals("POST")) {
        simulate(ex);
      } else if (path.startsWith("/api/")) {
        api.handle(ex);
      } else if (path.equals("/") || path.equals("/dashboard")) {
        // Relative, so the link still works behind a proxy that serves the server under a path prefix.
        ex.getResponseHeaders().set("Location", "dashboard/");
        Http.send(ex, 302, "text/plain", "");
      } else if (path.startsWith("/dashboard/")) {
        asset(ex, path.substring("/dashboard/".length()));
      } else if (path.startsWith("/webhooks/")) {
        Http.send(ex, 404, "text/plain; charset=utf-8", "no such webhook (is the carrier mounted?)\n");
      } else {
        Http.send(ex, 404, "text/plain; charset=utf-8", "not found\n");
      }
    } catch (RuntimeException e) {
      log.error("request {} {} failed", ex.getRequestMethod(), path, e);
      Http.send(ex, 500, "text/plain; charset=utf-8", "internal error\n");
    }
  }

  private void webhook(HttpExchange ex, WebhookEndpoint endpoint) throws IOException {
    byte[] body = Http.body(ex);
    if (body.length > Http.MAX_BODY) {
      Http.send(ex, 400, "text/plain; charset=utf-8", "body too large\n");
      return;
    }
    String base = settings.publicUrl() != null ? settings.publicUrl()
        : "http://" + Optional.ofNullable(ex.getRequestHeaders().getFirst("Host")).orElse("localhost:" + port());
    WebhookRequest request = Http.webhookRequest(ex, base, body);
    Http.send(ex, endpoint.handle(request));
  }

  private void simulate(HttpExchange ex) throws IOException {
    if (!api.authorised(ex)) {
      Http.error(ex, 401, "missing or wrong bearer token");
      return;
    }
    if (demo == null) {
      Http.error(ex, 404, "the simulator runs only in demo mode");
      return;
    }
    try {
      Map<String, String> q = AdminApi.query(ex.getRequestURI().getRawQuery());
      String business = q.getOrDefault("business", config.businesses().get(0).profile().id());
      Http.json(ex, 200, demo.simulateMissedCall(business));
    } catch (IllegalArgumentException e) {
      Http.error(ex, 400, e.getMessage());
    } catch (Exception e) {
      log.warn("simulated call failed", e);
      Http.error(ex, 500, "simulated call failed: " + e.getMessage());
    }
  }

  private void asset(HttpExchange ex, String name) throws IOException {
    if (name.isEmpty()) name = "index.html";
    if (!name.matches("[a-z]+\\.(html|js|css)")) {
      Http.send(ex, 404, "text/plain; charset=utf-8", "not found\n");
      return;
    }
    try (InputStream in = TextbackServer.class.getResourceAsStream("dashboard/" + name)) {
      if (in == null) {
        Http.send(ex, 404, "text/plain; charset=utf-8", "not found\n");
        return;
      }
      String type = name.endsWith(".html") ? "text/html; charset=utf-8"
          : name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
      Http.send(ex, 200, type, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** Stops taking requests, drains in-flight sends, closes the store. Pending texts stay stored. */
  @Override
  public void close() {
    log.info("shutting down: no new requests; in-flight sends finish, pending texts stay in the store");
    http.stop(1);
    httpThreads.shutdown();
    try {
      httpThreads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    engine.close();
    store.close();
  }

  TextBackStore store() {
    return store.store();
  }

  public static void main(String[] args) {
    Settings settings;
    ServerConfig config;
    try {
      settings = Settings.from(System.getenv(), args);
      config = settings.config() != null ? ServerConfig.load(settings.config()) : Demo.sampleConfig();
    } catch (ConfigException e) {
      System.err.println("textback: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    try {
      if (settings.demo()) {
        Demo.run(settings, config);
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
