package dev.textback.spring;

import dev.textback.plivo.PlivoConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code textback.plivo.*} properties, read into a {@link PlivoConfig}. Plivo is wired only when the auth ID and
 * the auth token are set (and textback-plivo is on the classpath).
 */
@ConfigurationProperties(prefix = "textback.plivo")
public class PlivoProperties {
  /** Creates the defaults, before Spring binds the properties. */
  public PlivoProperties() {}

  /** Property name under {@code textback.plivo.} by {@link PlivoConfig} setting key, to name a bad one. */
  static final Map<String, String> PROPERTY_BY_KEY = Map.ofEntries(
      Map.entry(PlivoConfig.AUTH_ID, "textback.plivo.auth-id"),
      Map.entry(PlivoConfig.AUTH_TOKEN, "textback.plivo.auth-token"),
      Map.entry(PlivoConfig.API_BASE_URL, "textback.plivo.api-base-url"),
      Map.entry(PlivoConfig.SMS_STATUS_CALLBACK_URL, "textback.plivo.sms-status-callback-url"),
      Map.entry(PlivoConfig.PUBLIC_BASE_URL, "textback.plivo.public-base-url"),
      Map.entry(PlivoConfig.DIAL_TIMEOUT, "textback.plivo.dial-timeout"),
      Map.entry(PlivoConfig.VOICEMAIL, "textback.plivo.voicemail"),
      Map.entry(PlivoConfig.VOICEMAIL_GREETING, "textback.plivo.voicemail-greeting"),
      Map.entry(PlivoConfig.VOICEMAIL_MAX_LENGTH, "textback.plivo.voicemail-max-length"),
      Map.entry(PlivoConfig.CALL_SCREENING, "textback.plivo.call-screening"),
      Map.entry(PlivoConfig.SCREENING_PROMPT, "textback.plivo.screening-prompt"),
      Map.entry(PlivoConfig.ACCEPT_SIGNATURE_V2, "textback.plivo.accept-signature-v2"),
      Map.entry(PlivoConfig.CONNECT_TIMEOUT, "textback.plivo.connect-timeout"),
      Map.entry(PlivoConfig.READ_TIMEOUT, "textback.plivo.read-timeout"));
  /** Property name by {@link PlivoConfig} builder field, as its validation messages name them. */
  static final Map<String, String> PROPERTY_BY_FIELD = Map.ofEntries(
      Map.entry("authId", "textback.plivo.auth-id"),
      Map.entry("authToken", "textback.plivo.auth-token"),
      Map.entry("apiBaseUrl", "textback.plivo.api-base-url"),
      Map.entry("smsStatusCallbackUrl", "textback.plivo.sms-status-callback-url"),
      Map.entry("publicBaseUrl", "textback.plivo.public-base-url"),
      Map.entry("dialTimeout", "textback.plivo.dial-timeout"),
      Map.entry("voicemail", "textback.plivo.voicemail"),
      Map.entry("voicemailGreeting", "textback.plivo.voicemail-greeting"),
      Map.entry("voicemailMaxLength", "textback.plivo.voicemail-max-length"),
      Map.entry("callScreening", "textback.plivo.call-screening"),
      Map.entry("screeningPrompt", "textback.plivo.screening-prompt"),
      Map.entry("acceptSignatureV2", "textback.plivo.accept-signature-v2"),
      Map.entry("connectTimeout", "textback.plivo.connect-timeout"),
      Map.entry("readTimeout", "textback.plivo.read-timeout"));

  /** The account's Auth ID (MA... or SA...). Plivo is wired only when it and the auth token are set. */
  private @Nullable String authId;
  /** The Auth Token: authenticates sends and checks callback signatures. */
  private @Nullable String authToken;
  /** Base URL of the REST API (default https://api.plivo.com); tests point it at a mock. */
  private @Nullable String apiBaseUrl;
  /** Where Plivo reports delivery; default {public-base-url}/webhooks/plivo/sms/status. */
  private @Nullable String smsStatusCallbackUrl;
  /** The application's public URL as Plivo calls it (port included); default textback.webhooks.public-base-url. */
  private @Nullable String publicBaseUrl;
  /** How long a forwarded call rings before it counts as missed. */
  private @Nullable Duration dialTimeout;
  /** Whether a missed caller may leave a voicemail. */
  private @Nullable Boolean voicemail;
  /** What the caller hears before the voicemail beep. */
  private @Nullable String voicemailGreeting;
  /** Longest voicemail recorded. */
  private @Nullable Duration voicemailMaxLength;
  /** Whether the business must press a key to take a forwarded call (so a phone's voicemail counts as missed). */
  private @Nullable Boolean callScreening;
  /** What the business hears when call screening is on. */
  private @Nullable String screeningPrompt;
  /**
   * Whether SMS callbacks signed only with X-Plivo-Signature-V2 are accepted (default false: V2 does not sign the
   * body; voice callbacks always need V3).
   */
  private @Nullable Boolean acceptSignatureV2;
  /** Connect timeout of sends. */
  private @Nullable Duration connectTimeout;
  /** Read and write timeout of sends. */
  private @Nullable Duration readTimeout;

  /** The settings as {@link PlivoConfig#from} reads them; unset ones are left out so its defaults apply. */
  Map<String, String> settings(@Nullable String fallbackPublicBaseUrl) {
    Map<String, String> s = new LinkedHashMap<>();
    put(s, PlivoConfig.AUTH_ID, authId);
    put(s, PlivoConfig.AUTH_TOKEN, authToken);
    put(s, PlivoConfig.API_BASE_URL, apiBaseUrl);
    put(s, PlivoConfig.SMS_STATUS_CALLBACK_URL, smsStatusCallbackUrl);
    put(s, PlivoConfig.PUBLIC_BASE_URL, publicBaseUrl);
    put(s, PlivoConfig.DIAL_TIMEOUT, dialTimeout);
    put(s, PlivoConfig.VOICEMAIL, voicemail);
    put(s, PlivoConfig.VOICEMAIL_GREETING, voicemailGreeting);
    put(s, PlivoConfig.VOICEMAIL_MAX_LENGTH, voicemailMaxLength);
    put(s, PlivoConfig.CALL_SCREENING, callScreening);
    put(s, PlivoConfig.SCREENING_PROMPT, screeningPrompt);
    put(s, PlivoConfig.ACCEPT_SIGNATURE_V2, acceptSignatureV2);
    put(s, PlivoConfig.CONNECT_TIMEOUT, connectTimeout);
    put(s, PlivoConfig.READ_TIMEOUT, readTimeout);
    if (publicBaseUrl == null && fallbackPublicBaseUrl != null) {
      s.put(PlivoConfig.PUBLIC_BASE_URL, fallbackPublicBaseUrl);
    }
    return s;
  }

  private static void put(Map<String, String> settings, String key, @Nullable Object value) {
    // Durations as ISO-8601 (PT20S), which PlivoConfig reads like whole seconds.
    if (value != null) settings.put(key, value.toString());
  }

  /**
   * The {@code textback.plivo.auth-id} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable String getAuthId() {
    return authId;
  }

  /**
   * Sets the {@code textback.plivo.auth-id} property.
   *
   * @param authId the value, or null to unset it
   */
  public void setAuthId(@Nullable String authId) {
    this.authId = authId;
  }

  /**
   * The {@code textback.plivo.auth-token} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable String getAuthToken() {
    return authToken;
  }

  /**
   * Sets the {@code textback.plivo.auth-token} property.
   *
   * @param authToken the value, or null to unset it
   */
  public void setAuthToken(@Nullable String authToken) {
    this.authToken = authToken;
  }

  /**
   * The {@code textback.plivo.api-base-url} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable String getApiBaseUrl() {
    return apiBaseUrl;
  }

  /**
   * Sets the {@code textback.plivo.api-base-url} property.
   *
   * @param apiBaseUrl the value, or null to unset it
   */
  public void setApiBaseUrl(@Nullable String apiBaseUrl) {
    this.apiBaseUrl = apiBaseUrl;
  }

  /**
   * The {@code textback.plivo.sms-status-callback-url} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable String getSmsStatusCallbackUrl() {
    return smsStatusCallbackUrl;
  }

  /**
   * Sets the {@code textback.plivo.sms-status-callback-url} property.
   *
   * @param smsStatusCallbackUrl the value, or null to unset it
   */
  public void setSmsStatusCallbackUrl(@Nullable String smsStatusCallbackUrl) {
    this.smsStatusCallbackUrl = smsStatusCallbackUrl;
  }

  /**
   * The {@code textback.plivo.public-base-url} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable String getPublicBaseUrl() {
    return publicBaseUrl;
  }

  /**
   * Sets the {@code textback.plivo.public-base-url} property.
   *
   * @param publicBaseUrl the value, or null to unset it
   */
  public void setPublicBaseUrl(@Nullable String publicBaseUrl) {
    this.publicBaseUrl = publicBaseUrl;
  }

  /**
   * The {@code textback.plivo.dial-timeout} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable Duration getDialTimeout() {
    return dialTimeout;
  }

  /**
   * Sets the {@code textback.plivo.dial-timeout} property.
   *
   * @param dialTimeout the value, or null to unset it
   */
  public void setDialTimeout(@Nullable Duration dialTimeout) {
    this.dialTimeout = dialTimeout;
  }

  /**
   * The {@code textback.plivo.voicemail} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable Boolean getVoicemail() {
    return voicemail;
  }

  /**
   * Sets the {@code textback.plivo.voicemail} property.
   *
   * @param voicemail the value, or null to unset it
   */
  public void setVoicemail(@Nullable Boolean voicemail) {
    this.voicemail = voicemail;
  }

  /**
   * The {@code textback.plivo.voicemail-greeting} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable String getVoicemailGreeting() {
    return voicemailGreeting;
  }

  /**
   * Sets the {@code textback.plivo.voicemail-greeting} property.
   *
   * @param voicemailGreeting the value, or null to unset it
   */
  public void setVoicemailGreeting(@Nullable String voicemailGreeting) {
    this.voicemailGreeting = voicemailGreeting;
  }

  /**
   * The {@code textback.plivo.voicemail-max-length} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable Duration getVoicemailMaxLength() {
    return voicemailMaxLength;
  }

  /**
   * Sets the {@code textback.plivo.voicemail-max-length} property.
   *
   * @param voicemailMaxLength the value, or null to unset it
   */
  public void setVoicemailMaxLength(@Nullable Duration voicemailMaxLength) {
    this.voicemailMaxLength = voicemailMaxLength;
  }

  /**
   * The {@code textback.plivo.call-screening} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable Boolean getCallScreening() {
    return callScreening;
  }

  /**
   * Sets the {@code textback.plivo.call-screening} property.
   *
   * @param callScreening the value, or null to unset it
   */
  public void setCallScreening(@Nullable Boolean callScreening) {
    this.callScreening = callScreening;
  }

  /**
   * The {@code textback.plivo.screening-prompt} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable String getScreeningPrompt() {
    return screeningPrompt;
  }

  /**
   * Sets the {@code textback.plivo.screening-prompt} property.
   *
   * @param screeningPrompt the value, or null to unset it
   */
  public void setScreeningPrompt(@Nullable String screeningPrompt) {
    this.screeningPrompt = screeningPrompt;
  }

  /**
   * The {@code textback.plivo.accept-signature-v2} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable Boolean getAcceptSignatureV2() {
    return acceptSignatureV2;
  }

  /**
   * Sets the {@code textback.plivo.accept-signature-v2} property.
   *
   * @param acceptSignatureV2 the value, or null to unset it
   */
  public void setAcceptSignatureV2(@Nullable Boolean acceptSignatureV2) {
    this.acceptSignatureV2 = acceptSignatureV2;
  }

  /**
   * The {@code textback.plivo.connect-timeout} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable Duration getConnectTimeout() {
    return connectTimeout;
  }

  /**
   * Sets the {@code textback.plivo.connect-timeout} property.
   *
   * @param connectTimeout the value, or null to unset it
   */
  public void setConnectTimeout(@Nullable Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  /**
   * The {@code textback.plivo.read-timeout} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable Duration getReadTimeout() {
    return readTimeout;
  }

  /**
   * Sets the {@code textback.plivo.read-timeout} property.
   *
   * @param readTimeout the value, or null to unset it
   */
  public void setReadTimeout(@Nullable Duration readTimeout) {
    this.readTimeout = readTimeout;
  }

}
