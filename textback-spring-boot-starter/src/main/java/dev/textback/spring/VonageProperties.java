package dev.textback.spring;

import dev.textback.vonage.VonageConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code textback.vonage.*} properties, read into a {@link VonageConfig}. Vonage is wired only when the API key,
 * the API secret and the signature secret are set (and textback-vonage is on the classpath).
 */
@ConfigurationProperties(prefix = "textback.vonage")
public class VonageProperties {
  /** Creates the defaults, before Spring binds the properties. */
  public VonageProperties() {}

  /** Property name under {@code textback.vonage.} by {@link VonageConfig} setting key, to name a bad one. */
  static final Map<String, String> PROPERTY_BY_KEY = Map.ofEntries(
      Map.entry(VonageConfig.API_KEY, "textback.vonage.api-key"),
      Map.entry(VonageConfig.API_SECRET, "textback.vonage.api-secret"),
      Map.entry(VonageConfig.SIGNATURE_SECRET, "textback.vonage.signature-secret"),
      Map.entry(VonageConfig.SIGNATURE_METHOD, "textback.vonage.signature-method"),
      Map.entry(VonageConfig.SIGNATURE_MAX_SKEW, "textback.vonage.signature-max-skew"),
      Map.entry(VonageConfig.APPLICATION_ID, "textback.vonage.application-id"),
      Map.entry(VonageConfig.PRIVATE_KEY, "textback.vonage.private-key"),
      Map.entry(VonageConfig.PRIVATE_KEY_PATH, "textback.vonage.private-key-path"),
      Map.entry(VonageConfig.API_BASE_URL, "textback.vonage.api-base-url"),
      Map.entry(VonageConfig.SMS_API, "textback.vonage.sms-api"),
      Map.entry(VonageConfig.PUBLIC_BASE_URL, "textback.vonage.public-base-url"),
      Map.entry(VonageConfig.DIAL_TIMEOUT, "textback.vonage.dial-timeout"),
      Map.entry(VonageConfig.VOICEMAIL, "textback.vonage.voicemail"),
      Map.entry(VonageConfig.VOICEMAIL_GREETING, "textback.vonage.voicemail-greeting"),
      Map.entry(VonageConfig.VOICEMAIL_MAX_LENGTH, "textback.vonage.voicemail-max-length"),
      Map.entry(VonageConfig.ANSWERING_MACHINE_DETECTION, "textback.vonage.answering-machine-detection"),
      Map.entry(VonageConfig.CONNECT_TIMEOUT, "textback.vonage.connect-timeout"),
      Map.entry(VonageConfig.READ_TIMEOUT, "textback.vonage.read-timeout"));
  /** Property name by {@link VonageConfig} builder field, as its validation messages name them. */
  static final Map<String, String> PROPERTY_BY_FIELD = Map.ofEntries(
      Map.entry("apiKey", "textback.vonage.api-key"),
      Map.entry("apiSecret", "textback.vonage.api-secret"),
      Map.entry("signatureSecret", "textback.vonage.signature-secret"),
      Map.entry("signatureMethod", "textback.vonage.signature-method"),
      Map.entry("signatureMaxSkew", "textback.vonage.signature-max-skew"),
      Map.entry("applicationId", "textback.vonage.application-id"),
      Map.entry("privateKey", "textback.vonage.private-key"),
      Map.entry("privateKeyPath", "textback.vonage.private-key-path"),
      Map.entry("apiBaseUrl", "textback.vonage.api-base-url"),
      Map.entry("restBaseUrl", "textback.vonage.api-base-url"),
      Map.entry("smsApi", "textback.vonage.sms-api"),
      Map.entry("publicBaseUrl", "textback.vonage.public-base-url"),
      Map.entry("dialTimeout", "textback.vonage.dial-timeout"),
      Map.entry("voicemail", "textback.vonage.voicemail"),
      Map.entry("voicemailGreeting", "textback.vonage.voicemail-greeting"),
      Map.entry("voicemailMaxLength", "textback.vonage.voicemail-max-length"),
      Map.entry("answeringMachineDetection", "textback.vonage.answering-machine-detection"),
      Map.entry("connectTimeout", "textback.vonage.connect-timeout"),
      Map.entry("readTimeout", "textback.vonage.read-timeout"));

  /** The account's API key. Vonage is wired only when it, the API secret and the signature secret are set. */
  private @Nullable String apiKey;
  /** The account's API secret; authenticates sends (HTTP Basic) when no application is set. */
  private @Nullable String apiSecret;
  /** The signature secret (Dashboard, Settings) every webhook is signed with. */
  private @Nullable String signatureSecret;
  /** How SMS API webhooks are signed (sig): md5hash (default), md5, sha1, sha256 or sha512. */
  private @Nullable String signatureMethod;
  /** How far a webhook's signing time may be from now (default 5 minutes). */
  private @Nullable Duration signatureMaxSkew;
  /** The Vonage application's id: with the private key, sends use application JWTs instead of the API secret. */
  private @Nullable String applicationId;
  /** The application's private key, PEM text; or set private-key-path. */
  private @Nullable String privateKey;
  /** A file holding the application's private key (PEM). */
  private @Nullable String privateKeyPath;
  /** One base URL replacing both Vonage API hosts (a region; tests point it at a mock). */
  private @Nullable String apiBaseUrl;
  /** The API texts go out through: messages (default) or sms. */
  private @Nullable String smsApi;
  /** The application's public URL as Vonage calls it; default textback.webhooks.public-base-url. */
  private @Nullable String publicBaseUrl;
  /** How long a forwarded call rings before it counts as missed. */
  private @Nullable Duration dialTimeout;
  /** Whether a missed caller may leave a voicemail. */
  private @Nullable Boolean voicemail;
  /** What the caller hears before the voicemail beep. */
  private @Nullable String voicemailGreeting;
  /** Longest voicemail recorded. */
  private @Nullable Duration voicemailMaxLength;
  /** Whether a forwarded call answered by a voicemail box counts as missed. */
  private @Nullable Boolean answeringMachineDetection;
  /** Connect timeout of sends. */
  private @Nullable Duration connectTimeout;
  /** Read and write timeout of sends. */
  private @Nullable Duration readTimeout;

  /** The settings as {@link VonageConfig#from} reads them; unset ones are left out so its defaults apply. */
  Map<String, String> settings(@Nullable String fallbackPublicBaseUrl) {
    Map<String, String> s = new LinkedHashMap<>();
    put(s, VonageConfig.API_KEY, apiKey);
    put(s, VonageConfig.API_SECRET, apiSecret);
    put(s, VonageConfig.SIGNATURE_SECRET, signatureSecret);
    put(s, VonageConfig.SIGNATURE_METHOD, signatureMethod);
    put(s, VonageConfig.SIGNATURE_MAX_SKEW, signatureMaxSkew);
    put(s, VonageConfig.APPLICATION_ID, applicationId);
    put(s, VonageConfig.PRIVATE_KEY, privateKey);
    put(s, VonageConfig.PRIVATE_KEY_PATH, privateKeyPath);
    put(s, VonageConfig.API_BASE_URL, apiBaseUrl);
    put(s, VonageConfig.SMS_API, smsApi);
    put(s, VonageConfig.PUBLIC_BASE_URL, publicBaseUrl);
    put(s, VonageConfig.DIAL_TIMEOUT, dialTimeout);
    put(s, VonageConfig.VOICEMAIL, voicemail);
    put(s, VonageConfig.VOICEMAIL_GREETING, voicemailGreeting);
    put(s, VonageConfig.VOICEMAIL_MAX_LENGTH, voicemailMaxLength);
    put(s, VonageConfig.ANSWERING_MACHINE_DETECTION, answeringMachineDetection);
    put(s, VonageConfig.CONNECT_TIMEOUT, connectTimeout);
    put(s, VonageConfig.READ_TIMEOUT, readTimeout);
    if (publicBaseUrl == null && fallbackPublicBaseUrl != null) {
      s.put(VonageConfig.PUBLIC_BASE_URL, fallbackPublicBaseUrl);
    }
    return s;
  }

  private static void put(Map<String, String> settings, String key, @Nullable Object value) {
    // Durations as ISO-8601 (PT20S), which VonageConfig reads like whole seconds.
    if (value != null) settings.put(key, value.toString());
  }

  /**
   * The {@code textback.vonage.api-key} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable String getApiKey() {
    return apiKey;
  }

  /**
   * Sets the {@code textback.vonage.api-key} property.
   *
   * @param apiKey the value, or null to unset it
   */
  public void setApiKey(@Nullable String apiKey) {
    this.apiKey = apiKey;
  }

  /**
   * The {@code textback.vonage.api-secret} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable String getApiSecret() {
    return apiSecret;
  }

  /**
   * Sets the {@code textback.vonage.api-secret} property.
   *
   * @param apiSecret the value, or null to unset it
   */
  public void setApiSecret(@Nullable String apiSecret) {
    this.apiSecret = apiSecret;
  }

  /**
   * The {@code textback.vonage.signature-secret} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable String getSignatureSecret() {
    return signatureSecret;
  }

  /**
   * Sets the {@code textback.vonage.signature-secret} property.
   *
   * @param signatureSecret the value, or null to unset it
   */
  public void setSignatureSecret(@Nullable String signatureSecret) {
    this.signatureSecret = signatureSecret;
  }

  /**
   * The {@code textback.vonage.signature-method} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable String getSignatureMethod() {
    return signatureMethod;
  }

  /**
   * Sets the {@code textback.vonage.signature-method} property.
   *
   * @param signatureMethod the value, or null to unset it
   */
  public void setSignatureMethod(@Nullable String signatureMethod) {
    this.signatureMethod = signatureMethod;
  }

  /**
   * The {@code textback.vonage.signature-max-skew} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable Duration getSignatureMaxSkew() {
    return signatureMaxSkew;
  }

  /**
   * Sets the {@code textback.vonage.signature-max-skew} property.
   *
   * @param signatureMaxSkew the value, or null to unset it
   */
  public void setSignatureMaxSkew(@Nullable Duration signatureMaxSkew) {
    this.signatureMaxSkew = signatureMaxSkew;
  }

  /**
   * The {@code textback.vonage.application-id} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable String getApplicationId() {
    return applicationId;
  }

  /**
   * Sets the {@code textback.vonage.application-id} property.
   *
   * @param applicationId the value, or null to unset it
   */
  public void setApplicationId(@Nullable String applicationId) {
    this.applicationId = applicationId;
  }

  /**
   * The {@code textback.vonage.private-key} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable String getPrivateKey() {
    return privateKey;
  }

  /**
   * Sets the {@code textback.vonage.private-key} property.
   *
   * @param privateKey the value, or null to unset it
   */
  public void setPrivateKey(@Nullable String privateKey) {
    this.privateKey = privateKey;
  }

  /**
   * The {@code textback.vonage.private-key-path} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable String getPrivateKeyPath() {
    return privateKeyPath;
  }

  /**
   * Sets the {@code textback.vonage.private-key-path} property.
   *
   * @param privateKeyPath the value, or null to unset it
   */
  public void setPrivateKeyPath(@Nullable String privateKeyPath) {
    this.privateKeyPath = privateKeyPath;
  }

  /**
   * The {@code textback.vonage.api-base-url} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable String getApiBaseUrl() {
    return apiBaseUrl;
  }

  /**
   * Sets the {@code textback.vonage.api-base-url} property.
   *
   * @param apiBaseUrl the value, or null to unset it
   */
  public void setApiBaseUrl(@Nullable String apiBaseUrl) {
    this.apiBaseUrl = apiBaseUrl;
  }

  /**
   * The {@code textback.vonage.sms-api} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable String getSmsApi() {
    return smsApi;
  }

  /**
   * Sets the {@code textback.vonage.sms-api} property.
   *
   * @param smsApi the value, or null to unset it
   */
  public void setSmsApi(@Nullable String smsApi) {
    this.smsApi = smsApi;
  }

  /**
   * The {@code textback.vonage.public-base-url} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable String getPublicBaseUrl() {
    return publicBaseUrl;
  }

  /**
   * Sets the {@code textback.vonage.public-base-url} property.
   *
   * @param publicBaseUrl the value, or null to unset it
   */
  public void setPublicBaseUrl(@Nullable String publicBaseUrl) {
    this.publicBaseUrl = publicBaseUrl;
  }

  /**
   * The {@code textback.vonage.dial-timeout} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable Duration getDialTimeout() {
    return dialTimeout;
  }

  /**
   * Sets the {@code textback.vonage.dial-timeout} property.
   *
   * @param dialTimeout the value, or null to unset it
   */
  public void setDialTimeout(@Nullable Duration dialTimeout) {
    this.dialTimeout = dialTimeout;
  }

  /**
   * The {@code textback.vonage.voicemail} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable Boolean getVoicemail() {
    return voicemail;
  }

  /**
   * Sets the {@code textback.vonage.voicemail} property.
   *
   * @param voicemail the value, or null to unset it
   */
  public void setVoicemail(@Nullable Boolean voicemail) {
    this.voicemail = voicemail;
  }

  /**
   * The {@code textback.vonage.voicemail-greeting} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable String getVoicemailGreeting() {
    return voicemailGreeting;
  }

  /**
   * Sets the {@code textback.vonage.voicemail-greeting} property.
   *
   * @param voicemailGreeting the value, or null to unset it
   */
  public void setVoicemailGreeting(@Nullable String voicemailGreeting) {
    this.voicemailGreeting = voicemailGreeting;
  }

  /**
   * The {@code textback.vonage.voicemail-max-length} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable Duration getVoicemailMaxLength() {
    return voicemailMaxLength;
  }

  /**
   * Sets the {@code textback.vonage.voicemail-max-length} property.
   *
   * @param voicemailMaxLength the value, or null to unset it
   */
  public void setVoicemailMaxLength(@Nullable Duration voicemailMaxLength) {
    this.voicemailMaxLength = voicemailMaxLength;
  }

  /**
   * The {@code textback.vonage.answering-machine-detection} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable Boolean getAnsweringMachineDetection() {
    return answeringMachineDetection;
  }

  /**
   * Sets the {@code textback.vonage.answering-machine-detection} property.
   *
   * @param answeringMachineDetection the value, or null to unset it
   */
  public void setAnsweringMachineDetection(@Nullable Boolean answeringMachineDetection) {
    this.answeringMachineDetection = answeringMachineDetection;
  }

  /**
   * The {@code textback.vonage.connect-timeout} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable Duration getConnectTimeout() {
    return connectTimeout;
  }

  /**
   * Sets the {@code textback.vonage.connect-timeout} property.
   *
   * @param connectTimeout the value, or null to unset it
   */
  public void setConnectTimeout(@Nullable Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  /**
   * The {@code textback.vonage.read-timeout} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable Duration getReadTimeout() {
    return readTimeout;
  }

  /**
   * Sets the {@code textback.vonage.read-timeout} property.
   *
   * @param readTimeout the value, or null to unset it
   */
  public void setReadTimeout(@Nullable Duration readTimeout) {
    this.readTimeout = readTimeout;
  }

}
