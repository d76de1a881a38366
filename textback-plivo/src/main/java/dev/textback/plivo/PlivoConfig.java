package dev.textback.plivo;

import dev.textback.carrier.CarrierWebhooks;
import dev.textback.carrier.SettingsReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Settings of the Plivo adapter: credentials, where the API lives, the public URL Plivo calls, and how calls
 * are forwarded. Immutable and thread-safe; build one with {@link #builder()} or read it from the environment
 * with {@link #from(Function)}.
 *
 * <p>The auth token signs every callback Plivo sends and authenticates Send Message requests. Use the auth id
 * and token of the account (or subaccount) that owns the numbers and the Plivo application.
 * {@link #toString()} never shows the auth token.
 */
public final class PlivoConfig {
  /** Key read by {@link #from(Function)}: the auth id ({@code MA…} or {@code SA…}). */
  public static final String AUTH_ID = "PLIVO_AUTH_ID";
  /** Key read by {@link #from(Function)}: the auth token. */
  public static final String AUTH_TOKEN = "PLIVO_AUTH_TOKEN";
  /** Key read by {@link #from(Function)}: base URL of the REST API. */
  public static final String API_BASE_URL = "PLIVO_API_BASE_URL";
  /** Key read by {@link #from(Function)}: the delivery-report URL passed with each text. */
  public static final String SMS_STATUS_CALLBACK_URL = "PLIVO_SMS_STATUS_CALLBACK_URL";
  /** Key read by {@link #from(Function)}: the base URL Plivo reaches this application at. */
  public static final String PUBLIC_BASE_URL = "PLIVO_PUBLIC_BASE_URL";
  /** Key read by {@link #from(Function)}: seconds (or ISO-8601) the forwarded phone rings. */
  public static final String DIAL_TIMEOUT = "PLIVO_DIAL_TIMEOUT";
  /** Key read by {@link #from(Function)}: {@code true} to take a voicemail after a missed call. */
  public static final String VOICEMAIL = "PLIVO_VOICEMAIL";
  /** Key read by {@link #from(Function)}: what the caller hears before the beep. */
  public static final String VOICEMAIL_GREETING = "PLIVO_VOICEMAIL_GREETING";
  /** Key read by {@link #from(Function)}: longest voicemail, seconds (or ISO-8601). */
  public static final String VOICEMAIL_MAX_LENGTH = "PLIVO_VOICEMAIL_MAX_LENGTH";
  /** Key read by {@link #from(Function)}: {@code true} to ask the business to press a key to take a call. */
  public static final String CALL_SCREENING = "PLIVO_CALL_SCREENING";
  /** Key read by {@link #from(Function)}: what the business hears when screening is on. */
  public static final String SCREENING_PROMPT = "PLIVO_SCREENING_PROMPT";
  /** Key read by {@link #from(Function)}: {@code true} to accept texts and delivery reports signed with V2 only. */
  public static final String ACCEPT_SIGNATURE_V2 = "PLIVO_ACCEPT_SIGNATURE_V2";
  /** Key read by {@link #from(Function)}: REST connect timeout, seconds (or ISO-8601). */
  public static final String CONNECT_TIMEOUT = "PLIVO_CONNECT_TIMEOUT";
  /** Key read by {@link #from(Function)}: REST read timeout, seconds (or ISO-8601). */
  public static final String READ_TIMEOUT = "PLIVO_READ_TIMEOUT";

  /** The digit the business presses to take a screened call. */
  static final String SCREENING_KEY = "1";

  private static final Pattern AUTH_ID_PATTERN = Pattern.compile("[MS]A[A-Za-z0-9]{18}");

  private final String authId;
  private final String authToken;
  private final String apiBaseUrl;
  private final @Nullable String smsStatusCallbackUrl;
  private final @Nullable String publicBaseUrl;
  private final Duration dialTimeout;
  private final boolean voicemail;
  private final String voicemailGreeting;
  private final Duration voicemailMaxLength;
  private final boolean callScreening;
  private final String screeningPrompt;
  private final boolean acceptSignatureV2;
  private final Duration connectTimeout;
  private final Duration readTimeout;

  private PlivoConfig(Builder b) {
    this.authId = Objects.requireNonNull(b.authId);
    this.authToken = Objects.requireNonNull(b.authToken);
    this.apiBaseUrl = stripTrailingSlash(b.apiBaseUrl);
    this.smsStatusCallbackUrl = b.smsStatusCallbackUrl;
    this.publicBaseUrl = b.publicBaseUrl == null ? null : stripTrailingSlash(b.publicBaseUrl);
    this.dialTimeout = b.dialTimeout;
    this.voicemail = b.voicemail;
    this.voicemailGreeting = b.voicemailGreeting;
    this.voicemailMaxLength = b.voicemailMaxLength;
    this.callScreening = b.callScreening;
    this.screeningPrompt = b.screeningPrompt;
    this.acceptSignatureV2 = b.acceptSignatureV2;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
  }

  /**
   * A builder with the defaults; auth id and auth token are required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads a configuration through a key lookup, so environment variables ({@code System::getenv}),
   * {@code Properties} ({@code props::getProperty}) or any other source plug in. Keys are the constants of
   * this class ({@link #AUTH_ID}, {@link #AUTH_TOKEN}, …); absent or blank values keep the defaults.
   * Durations are whole seconds ({@code 20}) or ISO-8601 ({@code PT20S}); flags are {@code true}/{@code false}.
   *
   * @param lookup the settings by key; returns null for an absent key
   * @return the configuration read
   * @throws IllegalArgumentException listing every unreadable or invalid value at once
   */
  public static PlivoConfig from(Function<String, ? extends @Nullable String> lookup) {
    SettingsReader r = new SettingsReader(lookup);
    Builder b = builder();
    b.authId(r.text(AUTH_ID).orElse(null));
    b.authToken(r.text(AUTH_TOKEN).orElse(null));
    r.text(API_BASE_URL).ifPresent(b::apiBaseUrl);
    b.smsStatusCallbackUrl(r.text(SMS_STATUS_CALLBACK_URL).orElse(null));
    b.publicBaseUrl(r.text(PUBLIC_BASE_URL).orElse(null));
    r.duration(DIAL_TIMEOUT).ifPresent(b::dialTimeout);
    r.flag(VOICEMAIL).ifPresent(b::voicemail);
    r.text(VOICEMAIL_GREETING).ifPresent(b::voicemailGreeting);
    r.duration(VOICEMAIL_MAX_LENGTH).ifPresent(b::voicemailMaxLength);
    r.flag(CALL_SCREENING).ifPresent(b::callScreening);
    r.text(SCREENING_PROMPT).ifPresent(b::screeningPrompt);
    r.flag(ACCEPT_SIGNATURE_V2).ifPresent(b::acceptSignatureV2);
    r.duration(CONNECT_TIMEOUT).ifPresent(b::connectTimeout);
    r.duration(READ_TIMEOUT).ifPresent(b::readTimeout);
    b.readProblems.addAll(r.problems());
    return b.build();
  }

  /**
   * A builder holding this configuration's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.authId = authId;
    b.authToken = authToken;
    b.apiBaseUrl = apiBaseUrl;
    b.smsStatusCallbackUrl = smsStatusCallbackUrl;
    b.publicBaseUrl = publicBaseUrl;
    b.dialTimeout = dialTimeout;
    b.voicemail = voicemail;
    b.voicemailGreeting = voicemailGreeting;
    b.voicemailMaxLength = voicemailMaxLength;
    b.callScreening = callScreening;
    b.screeningPrompt = screeningPrompt;
    b.acceptSignatureV2 = acceptSignatureV2;
    b.connectTimeout = connectTimeout;
    b.readTimeout = readTimeout;
    return b;
  }

  /**
   * The auth id ({@code MA…} for a main account, {@code SA…} for a subaccount); the account in every REST path.
   *
   * @return the auth id
   */
  public String authId() {
    return authId;
  }

  /**
   * The auth token: checks callback signatures and authenticates REST calls.
   *
   * @return the auth token
   */
  public String authToken() {
    return authToken;
  }

  /**
   * Base URL of the REST API, without a trailing slash (default {@code https://api.plivo.com}).
   *
   * @return the API base URL
   */
  public String apiBaseUrl() {
    return apiBaseUrl;
  }

  /**
   * Where Plivo posts delivery reports for texts: the configured URL, else
   * {@code <publicBaseUrl>/webhooks/plivo/sms/status} when a public base URL is set, else none.
   *
   * @return the status callback URL, when there is one
   */
  public Optional<String> smsStatusCallbackUrl() {
    if (smsStatusCallbackUrl != null) return Optional.of(smsStatusCallbackUrl);
    return publicBaseUrl().map(base -> base + CarrierWebhooks.mountPath(PlivoCarrier.ID) + "/"
        + PlivoWebhooks.SMS_STATUS);
  }

  /**
   * The base URL Plivo reaches this application at (scheme, host, optional port and path prefix), without a
   * trailing slash; absent by default. When set, callback signatures are checked against this base plus the
   * request's path and query (so a proxy in front does not break them), and the callback URLs in Plivo XML
   * point at {@code <publicBaseUrl>/webhooks/plivo/…}. When absent, both come from the request's own URL.
   *
   * @return the public base URL, when set
   */
  public Optional<String> publicBaseUrl() {
    return Optional.ofNullable(publicBaseUrl);
  }

  /**
   * How long a forwarded call rings the business phone before it counts as missed (default 20 s, between 5 and
   * 600 s). Plivo documents no dependable default, so it is always sent. Keep it below the time the phone's own
   * voicemail takes to pick up.
   *
   * @return the dial timeout
   */
  public Duration dialTimeout() {
    return dialTimeout;
  }

  /**
   * Whether a missed caller may leave a voicemail (default false).
   *
   * @return true when voicemail is on
   */
  public boolean voicemail() {
    return voicemail;
  }

  /**
   * What the caller hears before the voicemail beep; empty plays nothing (default a short apology).
   *
   * @return the greeting
   */
  public String voicemailGreeting() {
    return voicemailGreeting;
  }

  /**
   * Longest voicemail recorded (default 2 minutes).
   *
   * @return the longest recording
   */
  public Duration voicemailMaxLength() {
    return voicemailMaxLength;
  }

  /**
   * Whether the business must press {@code 1} to take a forwarded call (default false). Plivo has no answering
   * machine detection on the forwarded leg of an incoming call; a phone's own voicemail never presses a key, so
   * with screening on the calls it picks up count as missed.
   *
   * @return true when screening is on
   */
  public boolean callScreening() {
    return callScreening;
  }

  /**
   * What the business hears when {@link #callScreening()} is on.
   *
   * @return the prompt
   */
  public String screeningPrompt() {
    return screeningPrompt;
  }

  /**
   * Whether an incoming text or delivery report carrying only {@code X-Plivo-Signature-V2} is accepted (default
   * false). V2 signs the URL and a nonce, not the parameters: anyone holding one V2 header pair for a URL can post
   * any body to it (forge texts, opt-outs and delivery reports). Voice callbacks never accept V2, whatever this
   * says: Plivo signs them with V3, and a forged body there would send texts. Turn this on only when your
   * account's messaging callbacks are seen to arrive without {@code X-Plivo-Signature-V3} (the refusals are
   * logged; Plivo retries an incoming text for 24 hours, so texts refused meanwhile come again).
   *
   * @return true when V2 is accepted on the messaging routes where V3 is absent
   */
  public boolean acceptSignatureV2() {
    return acceptSignatureV2;
  }

  /**
   * Connect timeout of REST calls (default 10 s).
   *
   * @return the connect timeout
   */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * Read and write timeout of REST calls (default 30 s).
   *
   * @return the read timeout
   */
  public Duration readTimeout() {
    return readTimeout;
  }

  @Override
  public String toString() {
    return "PlivoConfig[authId=" + authId
        + ", apiBaseUrl=" + apiBaseUrl
        + (publicBaseUrl != null ? ", publicBaseUrl=" + SettingsReader.withoutUserInfo(publicBaseUrl) : "")
        + ", dialTimeout=" + dialTimeout.toSeconds() + "s"
        + ", voicemail=" + voicemail
        + ", callScreening=" + callScreening
        + ", acceptSignatureV2=" + acceptSignatureV2 + "]";
  }

  private static String stripTrailingSlash(String url) {
    String u = url;
    while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
    return u;
  }

  /** Builds a {@link PlivoConfig}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String authId;
    private @Nullable String authToken;
    private String apiBaseUrl = "https://api.plivo.com";
    private @Nullable String smsStatusCallbackUrl;
    private @Nullable String publicBaseUrl;
    private Duration dialTimeout = Duration.ofSeconds(20);
    private boolean voicemail;
    private String voicemailGreeting = "Sorry we missed your call. Please leave a message after the tone.";
    private Duration voicemailMaxLength = Duration.ofMinutes(2);
    private boolean callScreening;
    private String screeningPrompt = "Incoming call. Press 1 to answer it.";
    private boolean acceptSignatureV2;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private final List<String> readProblems = new ArrayList<>();

    private Builder() {}

    /**
     * @param authId the auth id ({@code MA…} or {@code SA…}, 20 characters)
     * @return this builder
     */
    public Builder authId(@Nullable String authId) {
      this.authId = authId;
      return this;
    }

    /**
     * @param authToken the auth token of the same account
     * @return this builder
     */
    public Builder authToken(@Nullable String authToken) {
      this.authToken = authToken;
      return this;
    }

    /**
     * @param url base URL of the REST API (a fake one in tests)
     * @return this builder
     */
    public Builder apiBaseUrl(String url) {
      this.apiBaseUrl = Objects.requireNonNull(url, "url == null");
      return this;
    }

    /**
     * @param url where Plivo posts delivery reports; null for the default (see {@link #smsStatusCallbackUrl()})
     * @return this builder
     */
    public Builder smsStatusCallbackUrl(@Nullable String url) {
      this.smsStatusCallbackUrl = url;
      return this;
    }

    /**
     * @param url the base URL Plivo calls; null to use each request's own URL
     * @return this builder
     */
    public Builder publicBaseUrl(@Nullable String url) {
      this.publicBaseUrl = url;
      return this;
    }

    /**
     * @param timeout how long the business phone rings
     * @return this builder
     */
    public Builder dialTimeout(Duration timeout) {
      this.dialTimeout = Objects.requireNonNull(timeout, "timeout == null");
      return this;
    }

    /**
     * @param enabled whether a missed caller may leave a voicemail
     * @return this builder
     */
    public Builder voicemail(boolean enabled) {
      this.voicemail = enabled;
      return this;
    }

    /**
     * @param greeting what the caller hears before the beep; empty for nothing
     * @return this builder
     */
    public Builder voicemailGreeting(String greeting) {
      this.voicemailGreeting = Objects.requireNonNull(greeting, "greeting == null");
      return this;
    }

    /**
     * @param maxLength the longest voicemail recorded
     * @return this builder
     */
    public Builder voicemailMaxLength(Duration maxLength) {
      this.voicemailMaxLength = Objects.requireNonNull(maxLength, "maxLength == null");
      return this;
    }

    /**
     * @param enabled whether the business must press 1 to take a forwarded call
     * @return this builder
     */
    public Builder callScreening(boolean enabled) {
      this.callScreening = enabled;
      return this;
    }

    /**
     * @param prompt what the business hears when screening is on
     * @return this builder
     */
    public Builder screeningPrompt(String prompt) {
      this.screeningPrompt = Objects.requireNonNull(prompt, "prompt == null");
      return this;
    }

    /**
     * @param accept whether texts and delivery reports signed with V2 only are accepted (see
     *     {@link PlivoConfig#acceptSignatureV2()})
     * @return this builder
     */
    public Builder acceptSignatureV2(boolean accept) {
      this.acceptSignatureV2 = accept;
      return this;
    }

    /**
     * @param timeout connect timeout of REST calls
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "timeout == null");
      return this;
    }

    /**
     * @param timeout read and write timeout of REST calls
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = Objects.requireNonNull(timeout, "timeout == null");
      return this;
    }

    /**
     * Every problem with the settings so far.
     *
     * @return the problems; empty when {@link #build()} will succeed
     */
    public List<String> problems() {
      List<String> p = new ArrayList<>(readProblems);
      if (isBlank(authId)) {
        p.add("authId is required");
      } else if (!AUTH_ID_PATTERN.matcher(authId).matches()) {
        p.add("authId must be MA or SA followed by 18 letters or digits");
      }
      if (isBlank(authToken)) p.add("authToken is required (callback signatures are checked with it)");
      SettingsReader.checkUrl("apiBaseUrl", apiBaseUrl, false, p);
      if (smsStatusCallbackUrl != null) {
        SettingsReader.checkUrl("smsStatusCallbackUrl", smsStatusCallbackUrl, true, p);
      }
      if (publicBaseUrl != null) SettingsReader.checkUrl("publicBaseUrl", publicBaseUrl, false, p);
      if (dialTimeout.compareTo(Duration.ofSeconds(5)) < 0 || dialTimeout.compareTo(Duration.ofSeconds(600)) > 0) {
        p.add("dialTimeout must be between 5 and 600 seconds");
      }
      if (voicemailMaxLength.compareTo(Duration.ofSeconds(2)) < 0
          || voicemailMaxLength.compareTo(Duration.ofHours(4)) > 0) {
        p.add("voicemailMaxLength must be between 2 seconds and 4 hours");
      }
      if (callScreening && screeningPrompt.isBlank()) {
        p.add("screeningPrompt must not be blank when callScreening is on");
      }
      if (connectTimeout.isNegative() || connectTimeout.isZero()) p.add("connectTimeout must be positive");
      if (readTimeout.isNegative() || readTimeout.isZero()) p.add("readTimeout must be positive");
      return p;
    }

    /**
     * @return the configuration
     * @throws IllegalArgumentException listing every problem found (see {@link #problems()})
     */
    public PlivoConfig build() {
      List<String> p = problems();
      if (!p.isEmpty()) {
        throw new IllegalArgumentException("invalid Plivo configuration: " + String.join("; ", p));
      }
      return new PlivoConfig(this);
    }

    private static boolean isBlank(@Nullable String s) {
      return s == null || s.isBlank();
    }
  }
}
