package dev.textback.vonage;

import dev.textback.carrier.CarrierWebhooks;
import dev.textback.carrier.SettingsReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Settings of the Vonage adapter: credentials, the secret Vonage signs webhooks with, where the APIs live, which
 * API texts go out through, the public URL Vonage calls, and how calls are forwarded. Immutable and thread-safe;
 * build one with {@link #builder()} or read it from the environment with {@link #from(Function)}.
 *
 * <p>The API key and secret authenticate sends (HTTP Basic). The signature secret (Dashboard → Settings) checks
 * every webhook: the JWT of Voice and Messages webhooks, and the {@code sig} parameter of SMS API webhooks. An
 * application id with its private key switches Messages API sends to application JWTs (RS256).
 * {@link #toString()} never shows a secret or the private key.
 */
public final class VonageConfig {
  /** Key read by {@link #from(Function)}: the account's API key. */
  public static final String API_KEY = "VONAGE_API_KEY";
  /** Key read by {@link #from(Function)}: the account's API secret. */
  public static final String API_SECRET = "VONAGE_API_SECRET";
  /** Key read by {@link #from(Function)}: the signature secret webhooks are signed with. */
  public static final String SIGNATURE_SECRET = "VONAGE_SIGNATURE_SECRET";
  /** Key read by {@link #from(Function)}: the SMS API signature method ({@code md5hash}, {@code sha256}…). */
  public static final String SIGNATURE_METHOD = "VONAGE_SIGNATURE_METHOD";
  /** Key read by {@link #from(Function)}: how far a webhook's signing time may be from now. */
  public static final String SIGNATURE_MAX_SKEW = "VONAGE_SIGNATURE_MAX_SKEW";
  /** Key read by {@link #from(Function)}: the Vonage application's id, for application JWTs. */
  public static final String APPLICATION_ID = "VONAGE_APPLICATION_ID";
  /** Key read by {@link #from(Function)}: the application's private key, PEM text. */
  public static final String PRIVATE_KEY = "VONAGE_PRIVATE_KEY";
  /** Key read by {@link #from(Function)}: a file holding the application's private key (PEM). */
  public static final String PRIVATE_KEY_PATH = "VONAGE_PRIVATE_KEY_PATH";
  /** Key read by {@link #from(Function)}: one base URL replacing both API hosts (regions, tests). */
  public static final String API_BASE_URL = "VONAGE_API_BASE_URL";
  /** Key read by {@link #from(Function)}: {@code messages} (default) or {@code sms}, the API texts go out through. */
  public static final String SMS_API = "VONAGE_SMS_API";
  /** Key read by {@link #from(Function)}: the base URL Vonage reaches this application at. */
  public static final String PUBLIC_BASE_URL = "VONAGE_PUBLIC_BASE_URL";
  /** Key read by {@link #from(Function)}: seconds (or ISO-8601) the forwarded phone rings. */
  public static final String DIAL_TIMEOUT = "VONAGE_DIAL_TIMEOUT";
  /** Key read by {@link #from(Function)}: {@code true} to take a voicemail after a missed call. */
  public static final String VOICEMAIL = "VONAGE_VOICEMAIL";
  /** Key read by {@link #from(Function)}: what the caller hears before the beep. */
  public static final String VOICEMAIL_GREETING = "VONAGE_VOICEMAIL_GREETING";
  /** Key read by {@link #from(Function)}: longest voicemail, seconds (or ISO-8601). */
  public static final String VOICEMAIL_MAX_LENGTH = "VONAGE_VOICEMAIL_MAX_LENGTH";
  /** Key read by {@link #from(Function)}: {@code true} to detect answering machines on forwarded calls. */
  public static final String ANSWERING_MACHINE_DETECTION = "VONAGE_ANSWERING_MACHINE_DETECTION";
  /** Key read by {@link #from(Function)}: REST connect timeout, seconds (or ISO-8601). */
  public static final String CONNECT_TIMEOUT = "VONAGE_CONNECT_TIMEOUT";
  /** Key read by {@link #from(Function)}: REST read timeout, seconds (or ISO-8601). */
  public static final String READ_TIMEOUT = "VONAGE_READ_TIMEOUT";

  /** The API a text goes out through. */
  public enum SmsApi {
    /** {@code POST /v1/messages} on the API host: JSON, 202 with a {@code message_uuid}; the default. */
    MESSAGES,
    /** The legacy SMS API, {@code POST /sms/json} on the REST host: a form, a status per message part. */
    SMS
  }

  /** How SMS API webhooks are signed ({@code sig}), as chosen in the Dashboard. */
  public enum SignatureMethod {
    /** MD5 of the parameter string followed by the secret (Vonage's default, "MD5 hash"). */
    MD5HASH("md5hash", null),
    /** HMAC-MD5 keyed with the secret. */
    MD5("md5", "HmacMD5"),
    /** HMAC-SHA1 keyed with the secret. */
    SHA1("sha1", "HmacSHA1"),
    /** HMAC-SHA256 keyed with the secret. */
    SHA256("sha256", "HmacSHA256"),
    /** HMAC-SHA512 keyed with the secret. */
    SHA512("sha512", "HmacSHA512");

    private final String setting;
    private final @Nullable String hmac;

    SignatureMethod(String setting, @Nullable String hmac) {
      this.setting = setting;
      this.hmac = hmac;
    }

    /** The method's name in settings: {@code md5hash}, {@code md5}, {@code sha1}, {@code sha256}, {@code sha512}. */
    public String setting() {
      return setting;
    }

    /** The JCA HMAC algorithm, or empty for the plain MD5 hash. */
    Optional<String> hmac() {
      return Optional.ofNullable(hmac);
    }

    /** The method named {@code setting} (case-insensitive). */
    static Optional<SignatureMethod> of(String setting) {
      for (SignatureMethod m : values()) {
        if (m.setting.equalsIgnoreCase(setting.trim())) return Optional.of(m);
      }
      return Optional.empty();
    }
  }

  private final String apiKey;
  private final String apiSecret;
  private final String signatureSecret;
  private final SignatureMethod signatureMethod;
  private final Duration signatureMaxSkew;
  private final @Nullable String applicationId;
  private final @Nullable String privateKey;
  private final String apiBaseUrl;
  private final String restBaseUrl;
  private final SmsApi smsApi;
  private final @Nullable String publicBaseUrl;
  private final Duration dialTimeout;
  private final boolean voicemail;
  private final String voicemailGreeting;
  private final Duration voicemailMaxLength;
  private final boolean answeringMachineDetection;
  private final Duration connectTimeout;
  private final Duration readTimeout;

  private VonageConfig(Builder b) {
    this.apiKey = Objects.requireNonNull(b.apiKey);
    this.apiSecret = Objects.requireNonNull(b.apiSecret);
    this.signatureSecret = Objects.requireNonNull(b.signatureSecret);
    this.signatureMethod = b.signatureMethod;
    this.signatureMaxSkew = b.signatureMaxSkew;
    this.applicationId = b.applicationId;
    this.privateKey = b.privateKey;
    this.apiBaseUrl = stripTrailingSlash(b.apiBaseUrl);
    this.restBaseUrl = stripTrailingSlash(b.restBaseUrl);
    this.smsApi = b.smsApi;
    this.publicBaseUrl = b.publicBaseUrl == null ? null : stripTrailingSlash(b.publicBaseUrl);
    this.dialTimeout = b.dialTimeout;
    this.voicemail = b.voicemail;
    this.voicemailGreeting = b.voicemailGreeting;
    this.voicemailMaxLength = b.voicemailMaxLength;
    this.answeringMachineDetection = b.answeringMachineDetection;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
  }

  /** A builder with the defaults; the API key, API secret and signature secret must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads a configuration through a key lookup, so environment variables ({@code System::getenv}),
   * {@code Properties} ({@code props::getProperty}) or any other source plug in. Keys are the constants of
   * this class ({@link #API_KEY}, {@link #SIGNATURE_SECRET}, …); absent or blank values keep the defaults.
   * Durations are whole seconds ({@code 20}) or ISO-8601 ({@code PT20S}); flags are {@code true}/{@code false}.
   * {@link #PRIVATE_KEY_PATH} is read from the file system.
   *
   * @param lookup the settings source; returns null for an absent key
   * @return the configuration
   * @throws IllegalArgumentException listing every unreadable or invalid value at once
   */
  public static VonageConfig from(Function<String, ? extends @Nullable String> lookup) {
    SettingsReader r = new SettingsReader(lookup);
    Builder b = builder();
    b.apiKey(r.text(API_KEY).orElse(null));
    b.apiSecret(r.text(API_SECRET).orElse(null));
    b.signatureSecret(r.text(SIGNATURE_SECRET).orElse(null));
    r.text(SIGNATURE_METHOD).ifPresent(m -> SignatureMethod.of(m).ifPresentOrElse(b::signatureMethod,
        () -> b.readProblems.add(SIGNATURE_METHOD + " must be one of md5hash, md5, sha1, sha256, sha512: " + m)));
    r.duration(SIGNATURE_MAX_SKEW).ifPresent(b::signatureMaxSkew);
    b.applicationId = r.text(APPLICATION_ID).orElse(null);
    Optional<String> keyText = r.text(PRIVATE_KEY);
    Optional<String> keyPath = r.text(PRIVATE_KEY_PATH);
    if (keyText.isPresent() && keyPath.isPresent()) {
      b.readProblems.add("set " + PRIVATE_KEY + " or " + PRIVATE_KEY_PATH + ", not both");
    } else if (keyText.isPresent()) {
      b.privateKey = keyText.get();
    } else if (keyPath.isPresent()) {
      try {
        b.privateKey = Files.readString(Path.of(keyPath.get()), StandardCharsets.US_ASCII);
      } catch (IOException | InvalidPathException | SecurityException e) {
        b.readProblems.add(PRIVATE_KEY_PATH + " cannot be read: " + keyPath.get() + " (" + e.getClass().getSimpleName()
            + ")");
      }
    }
    r.text(API_BASE_URL).ifPresent(b::baseUrl);
    r.text(SMS_API).ifPresent(api -> {
      switch (api.toLowerCase(Locale.ROOT)) {
        case "messages" -> b.smsApi(SmsApi.MESSAGES);
        case "sms" -> b.smsApi(SmsApi.SMS);
        default -> b.readProblems.add(SMS_API + " must be messages or sms: " + api);
      }
    });
    b.publicBaseUrl(r.text(PUBLIC_BASE_URL).orElse(null));
    r.duration(DIAL_TIMEOUT).ifPresent(b::dialTimeout);
    r.flag(VOICEMAIL).ifPresent(b::voicemail);
    r.text(VOICEMAIL_GREETING).ifPresent(b::voicemailGreeting);
    r.duration(VOICEMAIL_MAX_LENGTH).ifPresent(b::voicemailMaxLength);
    r.flag(ANSWERING_MACHINE_DETECTION).ifPresent(b::answeringMachineDetection);
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
    b.apiKey = apiKey;
    b.apiSecret = apiSecret;
    b.signatureSecret = signatureSecret;
    b.signatureMethod = signatureMethod;
    b.signatureMaxSkew = signatureMaxSkew;
    b.applicationId = applicationId;
    b.privateKey = privateKey;
    b.apiBaseUrl = apiBaseUrl;
    b.restBaseUrl = restBaseUrl;
    b.smsApi = smsApi;
    b.publicBaseUrl = publicBaseUrl;
    b.dialTimeout = dialTimeout;
    b.voicemail = voicemail;
    b.voicemailGreeting = voicemailGreeting;
    b.voicemailMaxLength = voicemailMaxLength;
    b.answeringMachineDetection = answeringMachineDetection;
    b.connectTimeout = connectTimeout;
    b.readTimeout = readTimeout;
    return b;
  }

  /** The account's API key; also the {@code api_key} claim every signed webhook must carry, when it has one. */
  public String apiKey() {
    return apiKey;
  }

  /** The account's API secret, for HTTP Basic on sends. */
  public String apiSecret() {
    return apiSecret;
  }

  /** The signature secret: the HS256 key of webhook JWTs and the key of SMS API {@code sig}s. */
  public String signatureSecret() {
    return signatureSecret;
  }

  /** How SMS API webhooks are signed (default {@link SignatureMethod#MD5HASH}, Vonage's default). */
  public SignatureMethod signatureMethod() {
    return signatureMethod;
  }

  /** How far a webhook's signing time ({@code iat}, {@code timestamp}) may be from now (default 5 minutes). */
  public Duration signatureMaxSkew() {
    return signatureMaxSkew;
  }

  /** The Vonage application's id, when Messages API sends use application JWTs. */
  public Optional<String> applicationId() {
    return Optional.ofNullable(applicationId);
  }

  /** The application's private key (PEM, PKCS#8); present exactly when {@link #applicationId()} is. */
  public Optional<String> privateKey() {
    return Optional.ofNullable(privateKey);
  }

  /** Base URL of the Messages API host, without a trailing slash (default {@code https://api.nexmo.com}). */
  public String apiBaseUrl() {
    return apiBaseUrl;
  }

  /** Base URL of the SMS API host, without a trailing slash (default {@code https://rest.nexmo.com}). */
  public String restBaseUrl() {
    return restBaseUrl;
  }

  /** The API texts go out through (default {@link SmsApi#MESSAGES}). */
  public SmsApi smsApi() {
    return smsApi;
  }

  /**
   * The base URL Vonage reaches this application at (scheme, host, optional port and path prefix), without a
   * trailing slash; absent by default. When set, NCCO callback URLs point at {@code <publicBaseUrl>/webhooks/vonage/…};
   * otherwise they are derived from each request's URL. Vonage's JWT does not sign the URL, so a proxy that
   * rewrites it breaks nothing but those callbacks.
   */
  public Optional<String> publicBaseUrl() {
    return Optional.ofNullable(publicBaseUrl);
  }

  /** {@code <publicBaseUrl>/webhooks/vonage}, when a public base URL is set. */
  Optional<String> publicWebhookBase() {
    return publicBaseUrl().map(base -> base + CarrierWebhooks.mountPath(VonageCarrier.ID));
  }

  /**
   * How long a forwarded call rings the business phone before it counts as missed: the NCCO {@code connect}
   * {@code timeout} (default 20 s; Vonage allows 3 to 7200 s). Keep it below the time the phone's own voicemail
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
   * Whether Vonage listens for an answering machine on the forwarded leg ({@code machineDetection: continue},
   * default false). A machine answer then counts as a voicemail instead of an answered call.
   */
  public boolean answeringMachineDetection() {
    return answeringMachineDetection;
  }

  /** Connect timeout of send requests (default 10 s). */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Read and write timeout of send requests (default 30 s). */
  public Duration readTimeout() {
    return readTimeout;
  }

  @Override
  public String toString() {
    return "VonageConfig[apiKey=" + apiKey
        + ", sendAuth=" + (applicationId != null ? "application " + applicationId : "api key")
        + ", smsApi=" + smsApi
        + ", apiBaseUrl=" + apiBaseUrl
        + ", restBaseUrl=" + restBaseUrl
        + ", signatureMethod=" + signatureMethod.setting()
        + (publicBaseUrl != null ? ", publicBaseUrl=" + SettingsReader.withoutUserInfo(publicBaseUrl) : "")
        + ", dialTimeout=" + dialTimeout.toSeconds() + "s"
        + ", voicemail=" + voicemail
        + ", answeringMachineDetection=" + answeringMachineDetection + "]";
  }

  private static String stripTrailingSlash(String url) {
    String u = url;
    while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
    return u;
  }

  /** Builds a {@link VonageConfig}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String apiKey;
    private @Nullable String apiSecret;
    private @Nullable String signatureSecret;
    private SignatureMethod signatureMethod = SignatureMethod.MD5HASH;
    private Duration signatureMaxSkew = Duration.ofMinutes(5);
    private @Nullable String applicationId;
    private @Nullable String privateKey;
    private String apiBaseUrl = "https://api.nexmo.com";
    private String restBaseUrl = "https://rest.nexmo.com";
    private SmsApi smsApi = SmsApi.MESSAGES;
    private @Nullable String publicBaseUrl;
    private Duration dialTimeout = Duration.ofSeconds(20);
    private boolean voicemail;
    private String voicemailGreeting = "Sorry we missed your call. Please leave a message after the tone.";
    private Duration voicemailMaxLength = Duration.ofMinutes(2);
    private boolean answeringMachineDetection;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private final List<String> readProblems = new ArrayList<>();

    private Builder() {}

    /**
     * The account's API key (required).
     *
     * @param apiKey the key
     * @return this builder
     */
    public Builder apiKey(@Nullable String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /**
     * The account's API secret (required).
     *
     * @param apiSecret the secret
     * @return this builder
     */
    public Builder apiSecret(@Nullable String apiSecret) {
      this.apiSecret = apiSecret;
      return this;
    }

    /**
     * The signature secret (required).
     *
     * @param secret the secret
     * @return this builder
     */
    public Builder signatureSecret(@Nullable String secret) {
      this.signatureSecret = secret;
      return this;
    }

    /**
     * How SMS API webhooks are signed.
     *
     * @param method the Dashboard's method
     * @return this builder
     */
    public Builder signatureMethod(SignatureMethod method) {
      this.signatureMethod = Objects.requireNonNull(method, "method == null");
      return this;
    }

    /**
     * How far a signing time may be from now.
     *
     * @param skew the tolerance
     * @return this builder
     */
    public Builder signatureMaxSkew(Duration skew) {
      this.signatureMaxSkew = Objects.requireNonNull(skew, "skew == null");
      return this;
    }

    /**
     * Sends through the Messages API with application JWTs; nulls go back to HTTP Basic.
     *
     * @param applicationId the application's id
     * @param privateKeyPem the application's private key, PEM (PKCS#8, as the Dashboard downloads it)
     * @return this builder
     */
    public Builder application(@Nullable String applicationId, @Nullable String privateKeyPem) {
      this.applicationId = applicationId;
      this.privateKey = privateKeyPem;
      return this;
    }

    /**
     * Both API hosts at one base URL (a region, a test server).
     *
     * @param url the base URL
     * @return this builder
     */
    public Builder baseUrl(String url) {
      Objects.requireNonNull(url, "url == null");
      this.apiBaseUrl = url;
      this.restBaseUrl = url;
      return this;
    }

    /**
     * The Messages API host.
     *
     * @param url the base URL
     * @return this builder
     */
    public Builder apiBaseUrl(String url) {
      this.apiBaseUrl = Objects.requireNonNull(url, "url == null");
      return this;
    }

    /**
     * The SMS API host.
     *
     * @param url the base URL
     * @return this builder
     */
    public Builder restBaseUrl(String url) {
      this.restBaseUrl = Objects.requireNonNull(url, "url == null");
      return this;
    }

    /**
     * The API texts go out through.
     *
     * @param api the API
     * @return this builder
     */
    public Builder smsApi(SmsApi api) {
      this.smsApi = Objects.requireNonNull(api, "api == null");
      return this;
    }

    /**
     * The base URL Vonage calls; null to derive callbacks from each request.
     *
     * @param url the URL
     * @return this builder
     */
    public Builder publicBaseUrl(@Nullable String url) {
      this.publicBaseUrl = url;
      return this;
    }

    /**
     * How long a forwarded call rings.
     *
     * @param timeout the ring time
     * @return this builder
     */
    public Builder dialTimeout(Duration timeout) {
      this.dialTimeout = Objects.requireNonNull(timeout, "timeout == null");
      return this;
    }

    /**
     * Whether missed callers may leave a voicemail.
     *
     * @param enabled on or off
     * @return this builder
     */
    public Builder voicemail(boolean enabled) {
      this.voicemail = enabled;
      return this;
    }

    /**
     * What the caller hears before the beep.
     *
     * @param greeting the text
     * @return this builder
     */
    public Builder voicemailGreeting(String greeting) {
      this.voicemailGreeting = Objects.requireNonNull(greeting, "greeting == null");
      return this;
    }

    /**
     * Longest voicemail.
     *
     * @param maxLength the length
     * @return this builder
     */
    public Builder voicemailMaxLength(Duration maxLength) {
      this.voicemailMaxLength = Objects.requireNonNull(maxLength, "maxLength == null");
      return this;
    }

    /**
     * Whether to detect answering machines.
     *
     * @param enabled on or off
     * @return this builder
     */
    public Builder answeringMachineDetection(boolean enabled) {
      this.answeringMachineDetection = enabled;
      return this;
    }

    /**
     * Connect timeout of sends.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "timeout == null");
      return this;
    }

    /**
     * Read and write timeout of sends.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = Objects.requireNonNull(timeout, "timeout == null");
      return this;
    }

    /**
     * Every problem with the settings so far; empty when {@link #build()} will succeed.
     *
     * @return the problems, each naming its setting
     */
    public List<String> problems() {
      List<String> p = new ArrayList<>(readProblems);
      if (isBlank(apiKey)) p.add("apiKey is required");
      if (isBlank(apiSecret)) p.add("apiSecret is required (sends authenticate with it)");
      if (isBlank(signatureSecret)) {
        p.add("signatureSecret is required (Vonage signs every webhook with it: Dashboard → Settings)");
      }
      if (isBlank(applicationId) != isBlank(privateKey)) {
        p.add("applicationId and privateKey go together");
      } else if (!isBlank(privateKey)) {
        try {
          VonageSmsGateway.readPrivateKey(privateKey);
        } catch (IllegalArgumentException e) {
          p.add("privateKey: " + e.getMessage());
        }
      }
      SettingsReader.checkUrl("apiBaseUrl", apiBaseUrl, false, p);
      SettingsReader.checkUrl("restBaseUrl", restBaseUrl, false, p);
      if (publicBaseUrl != null) SettingsReader.checkUrl("publicBaseUrl", publicBaseUrl, false, p);
      if (signatureMaxSkew.compareTo(Duration.ofSeconds(1)) < 0 || signatureMaxSkew.compareTo(Duration.ofHours(1)) > 0) {
        p.add("signatureMaxSkew must be between 1 second and 1 hour");
      }
      if (dialTimeout.compareTo(Duration.ofSeconds(3)) < 0 || dialTimeout.compareTo(Duration.ofSeconds(7200)) > 0) {
        p.add("dialTimeout must be between 3 and 7200 seconds");
      }
      if (voicemailMaxLength.compareTo(Duration.ofSeconds(3)) < 0
          || voicemailMaxLength.compareTo(Duration.ofSeconds(7200)) > 0) {
        p.add("voicemailMaxLength must be between 3 seconds and 2 hours");
      }
      if (connectTimeout.isNegative() || connectTimeout.isZero()) p.add("connectTimeout must be positive");
      if (readTimeout.isNegative() || readTimeout.isZero()) p.add("readTimeout must be positive");
      return p;
    }

    /**
     * The configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException listing every problem found (see {@link #problems()})
     */
    public VonageConfig build() {
      List<String> p = problems();
      if (!p.isEmpty()) {
        throw new IllegalArgumentException("invalid Vonage configuration: " + String.join("; ", p));
      }
      return new VonageConfig(this);
    }

    private static boolean isBlank(@Nullable String s) {
      return s == null || s.isBlank();
    }
  }
}
