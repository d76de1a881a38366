package dev.textback.demo;

import dev.textback.CallDecision;
import dev.textback.InboundResult;
import dev.textback.TextBack;
import dev.textback.spi.CallerDirectory;
import dev.textback.spi.CallerInfo;
import dev.textback.TextBackListener;
import dev.textback.business.BusinessDirectory;
import dev.textback.business.BusinessProfile;
import dev.textback.call.CallEvent;
import dev.textback.call.CallOutcome;
import dev.textback.gateway.ConsoleSmsGateway;
import dev.textback.message.InboundMessage;
import dev.textback.phone.PhoneNumber;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationStatus;
import dev.textback.spi.TextBackStore;
import dev.textback.stats.RecoveryFunnel;
import dev.textback.server.ServerConfig;
import dev.textback.server.Settings;
import dev.textback.server.TextbackServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Demo mode: a sample business, a carrier simulator on loopback, four weeks of sample history, and the
 * July-afternoon story played through signed webhooks, then the server keeps running for the dashboard.
 */
public final class Demo implements AutoCloseable {
  /** The story's afternoon: 14:00 in Denver on a hot Tuesday. */
  public static final ZonedDateTime STORY_START = ZonedDateTime.of(2026, 7, 14, 14, 0, 0, 0, ZoneId.of("America/Denver"));
  private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm", Locale.US);

  private final SimulatedCarrier simulator;
  private final TextbackServer server;
  private final PrintStream out;
  private final StoryClock clock;
  private final AtomicInteger simulated = new AtomicInteger();

  private Demo(SimulatedCarrier simulator, TextbackServer server, PrintStream out, StoryClock clock) {
    this.simulator = simulator;
    this.server = server;
    this.out = out;
    this.clock = clock;
  }

  /** The sample business configuration shipped in the jar. */
  public static ServerConfig sampleConfig() {
    try (InputStream in = Demo.class.getResourceAsStream("demo-config.json")) {
      return ServerConfig.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("demo configuration missing from the jar", e);
    }
  }

  /** The story's callers, as the business's customer list knows them. */
  static final CallerDirectory STORY_CALLERS = (business, caller) -> Optional.ofNullable(switch (caller.e164()) {
    case "+17205550142" -> new CallerInfo("Maria Lopez", null);
    case "+13035550123" -> new CallerInfo("James Carter", null);
    case "+17205550188" -> new CallerInfo("Priya Shah", null);
    default -> null;
  });

  /** Starts simulator, history and server; the story is played by {@link #playStory()}. */
  public static Demo start(Settings settings, ServerConfig config, PrintStream out) throws IOException {
    // The demo runs on its own clock, set to the story's afternoon and ticking in real time, so it plays the
    // same whatever the hour (quiet hours would otherwise hold every text until morning); the story moves it
    // on between scenes.
    StoryClock clock = new StoryClock(Duration.between(Instant.now(), STORY_START.toInstant()));
    SimulatedCarrier simulator = SimulatedCarrier.start(settings.demoCarrier(), out, clock);
    int port = settings.port();
    if (port == 0) {
      try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
        port = probe.getLocalPort();
      } catch (IOException e) {
        simulator.close();
        throw e;
      }
    }
    Map<String, String> env = new HashMap<>(settings.env());
    // Only the simulator's credentials: nothing of a real carrier setup may leak into the demo, and only the
    // simulated carrier is mounted.
    env.keySet().removeIf(k -> k.startsWith("TWILIO_") || k.startsWith("VONAGE_") || k.startsWith("PLIVO_"));
    env.putAll(simulator.serverEnv("http://127.0.0.1:" + port));
    Settings demoSettings = new Settings(port, settings.config(), null, settings.store(), settings.adminToken(), true,
        env, settings.demoCarrier());
    AtomicReference<Demo> self = new AtomicReference<>();
    TextbackServer server;
    try {
      server = TextbackServer.create(demoSettings, config, clock, new TextbackServer.DemoHooks() {
        @Override
        public Map<String, Object> simulateMissedCall(String businessId) throws Exception {
          return self.get().simulateMissedCall(businessId);
        }

        @Override
        public CallerDirectory callerDirectory() {
          return STORY_CALLERS;
        }

        @Override
        public TextBackListener listener() {
          return new Narrator(out);
        }
      });
    } catch (RuntimeException | IOException e) {
      simulator.close();
      throw e;
    }
    Demo demo = new Demo(simulator, server, out, clock);
    self.set(demo);
    demo.seedHistory(config.businesses().get(0).profile(), server.store());
    server.serve();
    simulator.webhooksAt("http://127.0.0.1:" + server.port());
    return demo;
  }

  /** The running server. */
  public TextbackServer server() {
    return server;
  }

  /** The simulated carrier the story plays through. */
  public SimulatedCarrier simulator() {
    return simulator;
  }

  /** Runs the demo from the command line: start, tell the story, serve until SIGTERM or Ctrl-C. */
  public static void run(Settings settings, ServerConfig config) throws IOException {
    PrintStream out = System.out;
    if (System.getenv("TEXTBACK_LOG_LEVEL") == null) {
      // Keep the console for the story; every decision is still logged at INFO when asked for.
      ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
          .setLevel(ch.qos.logback.classic.Level.WARN);
      out.println("(logging at WARN so the story reads clearly; TEXTBACK_LOG_LEVEL=INFO shows every decision)");
    }
    Demo demo = start(settings, config, out);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      demo.close();
      stopped.countDown();
    }, "textback-shutdown"));
    try {
      demo.playStory();
    } catch (IOException | RuntimeException e) {
      out.println("The story stopped early: " + e.getMessage());
    }
    out.println();
    out.println("Dashboard: " + demo.server.dashboardUrl());
    out.println("The server keeps running; press Ctrl-C to stop.");
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String now() {
    return HM.format(ZonedDateTime.now(clock.withZone(STORY_START.getZone())));
  }

  private void step(int minutesLater, String text) {
    clock.skip(Duration.ofMinutes(minutesLater));
    out.println();
    out.println(now() + "  " + text);
  }

  private void pause() {
    try {
      Thread.sleep(1200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The July afternoon at Summit Heating & Cooling, through the simulator's signed webhooks. */
  public void playStory() throws IOException {
    BusinessProfile summit = server.engine().businesses().all().iterator().next();
    String line = summit.numbers().get(0).number().e164();
    String maria = "+17205550142";
    String james = "+13035550123";
    String priya = "+17205550188";
    out.println("== A hot July afternoon at " + summit.displayName() + " (" + line + "), on "
        + simulator.carrier().name() + " (simulated)");
    out.println("   The crew is on a roof in Aurora; nobody can pick up the phone.");

    step(2, "Maria (" + maria + ") calls: her AC died. It rings out.");
    simulator.missedCall(maria, line, SimulatedCarrier.MissedCall.NO_ANSWER);
    pause();

    step(3, "James (" + james + ") calls while the line is busy.");
    simulator.missedCall(james, line, SimulatedCarrier.MissedCall.BUSY);
    pause();

    step(2, "Maria replies to the text.");
    say(simulator.text(maria, line, "Our AC died and it's 98 in here, 3 kids at home. Can someone come today?"));
    pause();

    step(4, "A caller with a withheld number rings and hangs up.");
    simulator.missedCall("anonymous", line, SimulatedCarrier.MissedCall.CALLER_HUNG_UP);
    pause();

    step(6, "James calls again: same episode, no second text.");
    simulator.missedCall(james, line, SimulatedCarrier.MissedCall.NO_ANSWER);
    pause();

    step(5, "Priya (" + priya + ") calls and leaves a 20-second voicemail.");
    simulator.missedCall(priya, line, SimulatedCarrier.MissedCall.VOICEMAIL);
    pause();

    step(9, "Priya texts back: she found someone else.");
    say(simulator.text(priya, line, "STOP"));
    pause();

    step(3, "The owner answers Maria from the dashboard (here, through the API).");
    Conversation mariaConversation = server.engine().conversations(summit.id(),
            EnumSet.of(ConversationStatus.OPEN), 50).stream()
        .filter(c -> c.caller().e164().equals(maria)).findFirst().orElse(null);
    if (mariaConversation != null) {
      server.engine().reply(mariaConversation.id(), "Hi Maria, it's Dave from Summit. We can be there by 4:30 today.",
          "dave");
      pause();
      say(simulator.text(maria, line, "Perfect, thank you!!"));
    }
    pause();

    RecoveryFunnel today = server.engine().stats(summit.id(), STORY_START.toLocalDate().atStartOfDay(STORY_START.getZone())
        .toInstant(), clock.instant().plusSeconds(1));
    out.println();
    out.printf("Today so far: %d calls, %d missed, %d texted, %d replied, $%s recovered.%n",
        today.counts().calls(), today.counts().missed(), today.texted(), today.recovered(),
        today.revenueRecovered().toPlainString());
  }

  private void say(Optional<String> reply) {
    reply.ifPresent(text -> out.println("  textback answers at once: " + text));
  }

  /** The dashboard's "simulate a missed call" button: a new caller rings out. */
  Map<String, Object> simulateMissedCall(String businessId) throws IOException {
    BusinessProfile business = server.engine().businesses().byId(businessId)
        .orElseThrow(() -> new IllegalArgumentException("unknown business " + businessId));
    int n = simulated.incrementAndGet();
    String caller = String.format("+1720555%04d", 2000 + (n % 8000));
    String line = business.numbers().get(0).number().e164();
    out.println(now() + "  Simulated: " + caller + " calls " + business.displayName() + " and nobody answers.");
    String callSid = simulator.missedCall(caller, line, SimulatedCarrier.MissedCall.NO_ANSWER);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("callSid", callSid);
    result.put("caller", caller);
    return result;
  }

  /**
   * Four weeks of sample calls before the story day, so the chart has a history. Made by a second engine on
   * the same store with a clock that steps through the days. Its texts go to a console gateway whose output
   * is discarded: the history is made up, so nothing may reach a carrier, and a hundred invented texts would
   * drown the story on the console.
   */
  private void seedHistory(BusinessProfile business, TextBackStore store) {
    SteppingClock history = new SteppingClock(STORY_START.minusDays(28).toInstant());
    dev.textback.phone.CarrierId carrier = simulator.carrier();
    ConsoleSmsGateway gateway = new ConsoleSmsGateway(carrier, new PrintStream(OutputStream.nullOutputStream()));
    Random random = new Random(20260714);
    int calls = 0;
    try (TextBack engine = TextBack.builder().businesses(BusinessDirectory.of(business)).store(store)
        .gateway(gateway).clock(history).instanceId("demo-history").build()) {
      PhoneNumber line = business.numbers().get(0).number();
      for (int day = 28; day >= 1; day--) {
        LocalDate date = STORY_START.toLocalDate().minusDays(day);
        int missed = 2 + random.nextInt(6);
        for (int i = 0; i < missed; i++) {
          ZonedDateTime at = date.atTime(9 + random.nextInt(8), random.nextInt(60)).atZone(STORY_START.getZone());
          history.set(at.toInstant());
          String caller = String.format("+1303555%04d", 3000 + random.nextInt(5000));
          CallOutcome outcome = random.nextInt(5) == 0 ? CallOutcome.BUSY : CallOutcome.NO_ANSWER;
          var decision = engine.onCall(CallEvent.builder().carrier(carrier).callId("CA-history-" + day + "-" + i)
              .dialled(line).caller(caller).startedAt(at.toInstant()).outcome(outcome).build());
          calls++;
          history.advance(Duration.ofSeconds(5 + random.nextInt(40)));
          engine.runDueWork();
          if (decision.texted() && random.nextInt(100) < 45) {
            history.advance(Duration.ofMinutes(2 + random.nextInt(30)));
            engine.onInbound(new InboundMessage(carrier, "SM-history-" + day + "-" + i, PhoneNumber.of(caller), line,
                "Yes please, can you call me back?", List.of(), history.instant(), null));
            history.advance(Duration.ofMinutes(3 + random.nextInt(20)));
            engine.reply(decision.conversationId(), "Sure, calling you now.", "dave");
            engine.markHandled(decision.conversationId(), "dave");
            engine.runDueWork();
          }
        }
      }
    }
    out.println("Seeded 4 weeks of sample history (" + calls + " missed calls) for the dashboard chart.");
  }

  @Override
  public void close() {
    server.close();
    simulator.close();
  }

  /** Prints what the engine decided, as it decides it: the story's console shows real outcomes. */
  private static final class Narrator implements TextBackListener {
    private final PrintStream out;

    Narrator(PrintStream out) {
      this.out = out;
    }

    @Override
    public void onCallDecided(CallEvent event, CallDecision decision) {
      if (decision.duplicate()) return;
      String caller = event.caller().startsWith("+") ? PhoneNumber.mask(event.caller()) : event.caller();
      out.printf("  textback: call from %s (%s) -> %s, %s (%s)%n", caller,
          event.outcome(), decision.action(), decision.reason(), decision.detail());
    }

    @Override
    public void onInbound(InboundMessage message, InboundResult result) {
      out.printf("  textback: text from %s -> %s%n", message.from().masked(), result.action());
    }

    @Override
    public void onEscalated(Conversation conversation) {
      out.printf("  textback: %s's reply has waited too long; escalating to the owner%n",
          conversation.caller().masked());
    }
  }

  /** Real time shifted to the story's afternoon; the story skips ahead between scenes. */
  static final class StoryClock extends Clock {
    private final java.util.concurrent.atomic.AtomicReference<Duration> offset;

    StoryClock(Duration offset) {
      this.offset = new java.util.concurrent.atomic.AtomicReference<>(offset);
    }

    void skip(Duration d) {
      offset.updateAndGet(o -> o.plus(d));
    }

    @Override
    public ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return Clock.offset(Clock.system(zone), offset.get());
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset.get());
    }
  }

  /** A clock the history generator moves by hand. */
  private static final class SteppingClock extends Clock {
    private volatile Instant now;

    SteppingClock(Instant start) {
      this.now = start;
    }

    void set(Instant instant) {
      now = instant;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
