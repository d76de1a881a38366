package dev.textback.twilio;

import dev.textback.carrier.CarrierWebhooks;
import dev.textback.carrier.SettingsReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Settings of the Twilio adapter: credentials, where the Messages API lives, the public URL Twilio calls,
 * and how calls are forwarded. Immutable and thread-safe; build one with {@link #builder()} or read it from
 * the environment with {@link #from(Function)}.
 *
 * <p>The auth token is always required: Twilio signs every webhook with it. REST calls use it too, unless
 * an API key ({@code SK…}) and its secret are configured, which Twilio recommends for production.
 * {@link #toString()} never shows the auth token or the API key secret.
 */
public final class TwilioConfig {
  /** Key read by {@link #from(Function)}: the account SID ({@code AC…}). */
  public static final String ACCOUNT_SID = "TWILIO_ACCOUNT_SID";
  /** Key read by {@link #from(Function)}: the primary auth token. */
  public static final String AUTH_TOKEN = "TWILIO_AUTH_TOKEN";
  /** Key read by {@link #from(Function)}: an API key SID ({@code SK…}) for REST calls. */
  public static final String API_KEY_SID = "TWILIO_API_KEY_SID";
  /** Key read by {@link #from(Function)}: the API key's secret. */
  public static final String API_KEY_SECRET = "TWILIO_API_KEY_SECRET";
  /** Key read by {@link #from(Function)}: base URL of the REST API. */
  public static final String API_BASE_URL = "TWILIO_API_BASE_URL";
  /** Key read by {@link #from(Function)}: a Messaging Service SID ({@code MG…}). */
  public static final String MESSAGING_SERVICE_SID = "TWILIO_MESSAGING_SERVICE_SID";
  /** Key read by {@link #from(Function)}: the delivery-receipt URL passed with each text. */
  public static final String SMS_STATUS_CALLBACK_URL = "TWILIO_SMS_STATUS_CALLBACK_URL";
  /** Key read by {@link #from(Function)}: the base URL Twilio reaches this application at. */
  public static final String PUBLIC_BASE_URL = "TWILIO_PUBLIC_BASE_URL";
  /** Key read by {@link #from(Function)}: seconds (or ISO-8601) the forwarded phone rings. */
  public static final String DIAL_TIMEOUT = "TWILIO_DIAL_TIMEOUT";
  /** Key read by {@link #from(Function)}: {@code true} to take a voicemail after a missed call. */
  public static final String VOICEMAIL = "TWILIO_VOICEMAIL";
  /** Key read by {@link #from(Function)}: what the caller hears before the beep. */
  public static final String VOICEMAIL_GREETING = "TWILIO_VOICEMAIL_GREETING";
  /** Key read by {@link #from(Function)}: longest voicemail, seconds (or ISO-8601). */
  public static final String VOICEMAIL_MAX_LENGTH = "TWILIO_VOICEMAIL_MAX_LENGTH";
  /** Key read by {@link #from(Function)}: {@code true} to detect answering machines on forwarded calls. */
  public static final String ANSWERING_MACHINE_DETECTION = "TWILIO_ANSWERING_MACHINE_DETECTION";
  /** Key read by {@link #from(Function)}: {@code true} to ask the business to press a key to take a call. */
  public static final String CALL_SCREENING = "TWILIO_CALL_SCREENING";
  /** Key read by {@link #from(Function)}: what the business hears when screening is on. */
  public static final String SCREENING_PROMPT = "TWILIO_SCREENING_PROMPT";
  /** Key read by {@link #from(Function)}: REST connect timeout, seconds (or ISO-8601). */
  public static final String CONNECT_TIMEOUT = "TWILIO_CONNECT_TIMEOUT";
  /** Key read by {@link #from(Function)}: REST read timeout, seconds (or ISO-8601). */
  public static final String READ_TIMEOUT = "TWILIO_READ_TIMEOUT";

  /** The variable {@link #from(Function)} reads for each setting, so its errors name what to change. */
  private static final Map<String, String> ENVIRONMENT_NAMES = Map.ofEntries(
      Map.entry("accountSid", ACCOUNT_SID), Map.entry("authToken", AUTH_TOKEN),
      Map.entry("apiKeySid", API_KEY_SID), Map.entry("apiKeySecret", API_KEY_SECRET),
      Map.entry("apiBaseUrl", API_BASE_URL), Map.entry("messagingServiceSid", MESSAGING_SERVICE_SID),
      Map.entry("smsStatusCallbackUrl", SMS_STATUS_CALLBACK_URL), Map.entry("publicBaseUrl", PUBLIC_BASE_URL),
      Map.entry("dialTimeout", DIAL_TIMEOUT), Map.entry("voicemailMaxLength", VOICEMAIL_MAX_LENGTH),
      Map.entry("callScreening", CALL_SCREENING), Map.entry("screeningPrompt", SCREENING_PROMPT),
      Map.entry("connectTimeout", CONNECT_TIMEOUT), Map.entry("readTimeout", READ_TIMEOUT));

  private static final Pattern ACCOUNT_SID_PATTERN = Pattern.compile("AC[0-9a-fA-F]{32}");
  private static final Pattern API_KEY_SID_PATTERN = Pattern.compile("SK[0-9a-fA-F]{32}");
  private static final Pattern MESSAGING_SERVICE_SID_PATTERN = Pattern.compile("MG[0-9a-fA-F]{32}");

  private final String accountSid;
  private final String authToken;
  private final @Nullable String apiKeySid;
  private final @Nullable String apiKeySecret;
  private final String apiBaseUrl;
  private final @Nullable String messagingServiceSid;
  private final @Nullable String smsStatusCallbackUrl;
  private final @Nullable String publicBaseUrl;
  private final Duration dialTimeout;
  private final boolean voicemail;
  private final String voicemailGreeting;
  private final Duration voicemailMaxLength;
  private final boolean answeringMachineDetection;
  private final boolean callScreening;
  private final String screeningPrompt;
  private final Duration connectTimeout;
  private final Duration readTimeout;

  private TwilioConfig(Builder b) {
    this.accountSid = b.accountSid;
    this.authToken = b.authToken;
    this.apiKeySid = b.apiKeySid;
    this.apiKeySecret = b.apiKeySecret;
    this.apiBaseUrl = stripTrailingSlash(b.apiBaseUrl);
    this.messagingServiceSid = b.messagingServiceSid;
    this.smsStatusCallbackUrl = b.smsStatusCallbackUrl;
    this.publicBaseUrl = b.publicBaseUrl == null ? null : stripTrailingSlash(b.publicBaseUrl);
    this.dialTimeout = b.dialTimeout;
    this.voicemail = b.voicemail;
    this.voicemailGreeting = b.voicemailGreeting;
    this.voicemailMaxLength = b.voicemailMaxLength;
    this.answeringMachineDetection = b.answeringMachineDetection;
    this.callScreening = b.callScreening;
    this.screeningPrompt = b.screeningPrompt;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads a configuration through a key lookup, so environment variables ({@code System::getenv}),
   * {@code Properties} ({@code props::getProperty}) or any other source plug in. Keys are the constants of
   * this class ({@link #ACCOUNT_SID}, {@link #AUTH_TOKEN}, …); absent or blank values keep the defaults.
   * Durations are whole seconds ({@code 20}) or ISO-8601 ({@code PT20S}); flags are {@code true}/{@code false}.
   *
   * @throws IllegalArgumentException listing every unreadable or invalid value at once
   */
  public static TwilioConfig from(Function<String, ? extends @Nullable String> lookup) {
    SettingsReader r = new SettingsReader(lookup);
    Builder b = builder();
    b.accountSid(r.text(ACCOUNT_SID).orElse(null));
    b.authToken(r.text(AUTH_TOKEN).orElse(null));
    String keySid = r.text(API_KEY_SID).orElse(null);
    String keySecret = r.text(API_KEY_SECRET).orElse(null);
    if (keySid != null || keySecret != null) {
      b.apiKeySid = keySid;
      b.apiKeySecret = keySecret;
    }
    r.text(API_BASE_URL).ifPresent(b::apiBaseUrl);
    b.messagingServiceSid(r.text(MESSAGING_SERVICE_SID).orElse(null));
    b.smsStatusCallbackUrl(r.text(SMS_STATUS_CALLBACK_URL).orElse(null));
    b.publicBaseUrl(r.text(PUBLIC_BASE_URL).orElse(null));
    r.duration(DIAL_TIMEOUT).ifPresent(b::dialTimeout);
    r.flag(VOICEMAIL).ifPresent(b::voicemail);
    r.text(VOICEMAIL_GREETING).ifPresent(b::voicemailGreeting);
    r.duration(VOICEMAIL_MAX_LENGTH).ifPresent(b::voicemailMaxLength);
    r.flag(ANSWERING_MACHINE_DETECTION).ifPresent(b::answeringMachineDetection);
    r.flag(CALL_SCREENING).ifPresent(b::callScreening);
    r.text(SCREENING_PROMPT).ifPresent(b::screeningPrompt);
    r.duration(CONNECT_TIMEOUT).ifPresent(b::connectTimeout);
    r.duration(READ_TIMEOUT).ifPresent(b::readTimeout);
    b.readProblems.addAll(r.problems());
    return b.build(true);
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.accountSid = accountSid;
    b.authToken = authToken;
    b.apiKeySid = apiKeySid;
    b.apiKeySecret = apiKeySecret;
    b.apiBaseUrl = apiBaseUrl;
    b.messagingServiceSid = messagingServiceSid;
    b.smsStatusCallbackUrl = smsStatusCallbackUrl;
    b.publicBaseUrl = publicBaseUrl;
    b.dialTimeout = dialTimeout;
    b.voicemail = voicemail;
    b.voicemailGreeting = voicemailGreeting;
    b.voicemailMaxLength = voicemailMaxLength;
    b.answeringMachineDetection = answeringMachineDetection;
    b.callScreening = callScreening;
    b.screeningPrompt = screeningPrompt;
    b.connectTimeout = connectTimeout;
    b.readTimeout = readTimeout;
    return b;
  }

  /** The account SID ({@code AC…}); also the account in every REST path. */
  public String accountSid() {
    return accountSid;
  }

  /** The primary auth token: checks webhook signatures, and authenticates REST calls when no API key is set. */
  public String authToken() {
    return authToken;
  }

  /** The API key SID ({@code SK…}) used for REST calls instead of the auth token, when configured. */
  public Optional<String> apiKeySid() {
    return Optional.ofNullable(apiKeySid);
  }

  /** The API key's secret; present exactly when {@link #apiKeySid()} is. */
  public Optional<String> apiKeySecret() {
    return Optional.ofNullable(apiKeySecret);
  }

  /** Base URL of the REST API, without a trailing slash (default {@code https://api.twilio.com}). */
  public String apiBaseUrl() {
    return apiBaseUrl;
  }

  /**
   * A Messaging Service ({@code MG…}) to send through, for its features (opt-out handling, compliance);
   * {@code From} is still always the number the caller dialled, which must be in the service's pool.
   * Absent by default.
   */
  public Optional<String> messagingServiceSid() {
    return Optional.ofNullable(messagingServiceSid);
  }

  /**
   * Where Twilio posts delivery receipts for texts: the configured URL as given, else
   * {@code <publicBaseUrl>/webhooks/twilio/sms/status#rc=2&rp=5xx,ct,rt} when a public base URL is set, else none.
   * The fragment asks Twilio to post a receipt again when the route answered 5xx (it cannot record it while the
   * store is down); by default Twilio retries only a failed connect. Twilio leaves fragments out of the signature.
   */
  public Optional<String> smsStatusCallbackUrl() {
    if (smsStatusCallbackUrl != null) return Optional.of(smsStatusCallbackUrl);
    return publicWebhookBase().map(base -> base + "/" + TwilioWebhooks.SMS_STATUS + TwilioWebhooks.CALLBACK_RETRY);
  }

  /**
   * The base URL Twilio reaches this application at (scheme, host, optional port and path prefix), without a
   * trailing slash; absent by default. When set, webhook signatures are checked against this base plus the
   * request's path and query (so a proxy in front does not break them), and TwiML callback URLs point at
   * {@code <publicBaseUrl>/webhooks/twilio/…}. When absent, both come from the request's own URL.
   */
  public Optional<String> publicBaseUrl() {
    return Optional.ofNullable(publicBaseUrl);
  }

  /** {@code <publicBaseUrl>/webhooks/twilio}, when a public base URL is set. */
  Optional<String> publicWebhookBase() {
    return publicBaseUrl().map(base -> base + CarrierWebhooks.mountPath(TwilioCarrier.ID));
  }

  /**
   * How long a forwarded call rings the business phone before it counts as missed (default 20 s; Twilio
   * allows 5 to 600 s and adds about 5 s of its own). Keep it below the time the phone's own voicemail
   * takes to pick up.
   */
  public Duration dialTimeout() {
    return dialTimeout;
  }

  /** Whether a missed caller may leave a voicemail (default false). */
  public boolean voicemail() {
    return voicemail;
  }

  /** What the caller hears before the voicemail beep; empty plays nothing (default a short apology). */
  public String voicemailGreeting() {
    return voicemailGreeting;
  }

  /** Longest voicemail recorded (default 2 minutes). */
  public Duration voicemailMaxLength() {
    return voicemailMaxLength;
  }

  /**
   * Whether Twilio listens for an answering machine on the forwarded leg (default false). A machine answer
   * then counts as a missed call instead of an answered one.
   */
  public boolean answeringMachineDetection() {
    return answeringMachineDetection;
  }

  /**
   * Whether the business must press a key to take a forwarded call (default false). A phone's own voicemail
   * never presses one, so calls it picks up count as missed.
   */
  public boolean callScreening() {
    return callScreening;
  }

  /** What the business hears when {@link #callScreening()} is on. */
  public String screeningPrompt() {
    return screeningPrompt;
  }

  /** Connect timeout of REST calls (default 10 s). */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Read and write timeout of REST calls (default 30 s). */
  public Duration readTimeout() {
    return readTimeout;
  }

  @Override
  public String toString() {
    return "TwilioConfig[accountSid=" + accountSid
        + ", auth=" + (apiKeySid != null ? "api key " + apiKeySid : "auth token")
        + ", apiBaseUrl=" + apiBaseUrl
        + (messagingServiceSid != null ? ", messagingServiceSid=" + messagingServiceSid : "")
        + (publicBaseUrl != null ? ", publicBaseUrl=" + SettingsReader.withoutUserInfo(publicBaseUrl) : "")
        + ", dialTimeout=" + dialTimeout.toSeconds() + "s"
        + ", voicemail=" + voicemail
        + ", answeringMachineDetection=" + answeringMachineDetection
        + ", callScreening=" + callScreening + "]";
  }

  private static String stripTrailingSlash(String url) {
    String u = url;
    while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
    return u;
  }

  /** Builds a {@link TwilioConfig}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String accountSid;
    private @Nullable String authToken;
    private @Nullable String apiKeySid;
    private @Nullable String apiKeySecret;
    private String apiBaseUrl = "https://api.twilio.com";
    private @Nullable String messagingServiceSid;
    private @Nullable String smsStatusCallbackUrl;
    private @Nullable String publicBaseUrl;
    private Duration dialTimeout = Duration.ofSeconds(20);
    private boolean voicemail;
    private String voicemailGreeting =
        "Sorry we missed your call. Please leave a message after the tone.";
    private Duration voicemailMaxLength = Duration.ofMinutes(2);
    private boolean answeringMachineDetection;
    private boolean callScreening;
    private String screeningPrompt = "Incoming call. Press any key to answer it.";
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private final List<String> readProblems = new ArrayList<>();

    private Builder() {}

    public Builder accountSid(@Nullable String accountSid) {
      this.accountSid = accountSid;
      return this;
    }

    public Builder authToken(@Nullable String authToken) {
      this.authToken = authToken;
      return this;
    }

    /** Uses an API key for REST calls; pass nulls to go back to the auth token. */
    public Builder apiKey(@Nullable String sid, @Nullable String secret) {
      this.apiKeySid = sid;
      this.apiKeySecret = secret;
      return this;
    }

    public Builder apiBaseUrl(String url) {
      this.apiBaseUrl = Objects.requireNonNull(url, "url == null");
      return this;
    }

    /** Sends through a Messaging Service; null for none. */
    public Builder messagingServiceSid(@Nullable String sid) {
      this.messagingServiceSid = sid;
      return this;
    }

    /** Where Twilio posts delivery receipts; null for the default (see {@link #smsStatusCallbackUrl()}). */
    public Builder smsStatusCallbackUrl(@Nullable String url) {
      this.smsStatusCallbackUrl = url;
      return this;
    }

    /** The base URL Twilio calls; null to use each request's own URL. */
    public Builder publicBaseUrl(@Nullable String url) {
      this.publicBaseUrl = url;
      return this;
    }

    public Builder dialTimeout(Duration timeout) {
      this.dialTimeout = Objects.requireNonNull(timeout, "timeout == null");
      return this;
    }

    public Builder voicemail(boolean enabled) {
      this.voicemail = enabled;
      return this;
    }

    public Builder voicemailGreeting(String greeting) {
      this.voicemailGreeting = Objects.requireNonNull(greeting, "greeting == null");
      return this;
    }

    public Builder voicemailMaxLength(Duration maxLength) {
      this.voicemailMaxLength = Objects.requireNonNull(maxLength, "maxLength == null");
      return this;
    }

    public Builder answeringMachineDetection(boolean enabled) {
      this.answeringMachineDetection = enabled;
      return this;
    }

    public Builder callScreening(boolean enabled) {
      this.callScreening = enabled;
      return this;
    }

    public Builder screeningPrompt(String prompt) {
      this.screeningPrompt = Objects.requireNonNull(prompt, "prompt == null");
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "timeout == null");
      return this;
    }

    public Builder readTimeout(Duration timeout) {
      this.readTimeout = Objects.requireNonNull(timeout, "timeout == null");
      return this;
    }

    /**
     * Every problem with the settings so far; empty when {@link #build()} will succeed.
     */
    public List<String> problems() {
      return problems(false);
    }

    /**
     * The problems, each naming what to change: the builder method, or the environment variable when the
     * settings were read by {@link TwilioConfig#from(Function)} (e.g. "TWILIO_AUTH_TOKEN is missing").
     */
    private List<String> problems(boolean fromEnvironment) {
      Function<String, String> name = field -> fromEnvironment ? ENVIRONMENT_NAMES.getOrDefault(field, field) : field;
      String missing = fromEnvironment ? " is missing" : " is required";
      List<String> p = new ArrayList<>(readProblems);
      if (isBlank(accountSid)) {
        p.add(name.apply("accountSid") + missing);
      } else if (!ACCOUNT_SID_PATTERN.matcher(accountSid).matches()) {
        p.add(name.apply("accountSid") + " must be AC followed by 32 hex digits");
      }
      if (isBlank(authToken)) {
        p.add(name.apply("authToken") + missing
            + " (webhook signatures are checked with it, even when REST calls use an API key)");
      }
      if (isBlank(apiKeySid) != isBlank(apiKeySecret)) {
        p.add(name.apply("apiKeySid") + " and " + name.apply("apiKeySecret") + " go together");
      } else if (!isBlank(apiKeySid) && !API_KEY_SID_PATTERN.matcher(apiKeySid).matches()) {
        p.add(name.apply("apiKeySid") + " must be SK followed by 32 hex digits");
      }
      SettingsReader.checkUrl(name.apply("apiBaseUrl"), apiBaseUrl, false, p);
      if (messagingServiceSid != null && !MESSAGING_SERVICE_SID_PATTERN.matcher(messagingServiceSid).matches()) {
        p.add(name.apply("messagingServiceSid") + " must be MG followed by 32 hex digits");
      }
      if (smsStatusCallbackUrl != null) {
        SettingsReader.checkUrl(name.apply("smsStatusCallbackUrl"), smsStatusCallbackUrl, true, p);
      }
      if (publicBaseUrl != null) SettingsReader.checkUrl(name.apply("publicBaseUrl"), publicBaseUrl, false, p);
      if (dialTimeout.compareTo(Duration.ofSeconds(5)) < 0 || dialTimeout.compareTo(Duration.ofSeconds(600)) > 0) {
        p.add(name.apply("dialTimeout") + " must be between 5 and 600 seconds");
      }
      if (voicemailMaxLength.compareTo(Duration.ofSeconds(2)) < 0
          || voicemailMaxLength.compareTo(Duration.ofHours(4)) > 0) {
        p.add(name.apply("voicemailMaxLength") + " must be between 2 seconds and 4 hours");
      }
      if (callScreening && screeningPrompt.isBlank()) {
        p.add(name.apply("screeningPrompt") + " must not be blank when " + name.apply("callScreening") + " is on");
      }
      if (connectTimeout.isNegative() || connectTimeout.isZero()) {
        p.add(name.apply("connectTimeout") + " must be positive");
      }
      if (readTimeout.isNegative() || readTimeout.isZero()) p.add(name.apply("readTimeout") + " must be positive");
      return p;
    }

    /** @throws IllegalArgumentException listing every problem found (see {@link #problems()}) */
    public TwilioConfig build() {
      return build(false);
    }

    private TwilioConfig build(boolean fromEnvironment) {
      List<String> p = problems(fromEnvironment);
      if (!p.isEmpty()) {
        throw new IllegalArgumentException("invalid Twilio configuration: " + String.join("; ", p));
      }
      return new TwilioConfig(this);
    }

    private static boolean isBlank(String s) {
      return s == null || s.isBlank();
    }
  }
}
