package dev.textback.spring;

import dev.textback.twilio.TwilioConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code textback.twilio.*} properties, read into a {@link TwilioConfig}. Twilio is wired only when the account
 * SID and the auth token are set.
 */
@ConfigurationProperties(prefix = "textback.twilio")
public class TwilioProperties {
  /** Creates the defaults, before Spring binds the properties. */
  public TwilioProperties() {}

  /** Property name under {@code textback.twilio.} by {@link TwilioConfig} setting key, to name a bad one. */
  static final Map<String, String> PROPERTY_BY_KEY = Map.ofEntries(      Map.entry(TwilioConfig.ACCOUNT_SID, "textback.twilio.account-sid"),
      Map.entry(TwilioConfig.AUTH_TOKEN, "textback.twilio.auth-token"),
      Map.entry(TwilioConfig.API_KEY_SID, "textback.twilio.api-key-sid"),
      Map.entry(TwilioConfig.API_KEY_SECRET, "textback.twilio.api-key-secret"),
      Map.entry(TwilioConfig.API_BASE_URL, "textback.twilio.api-base-url"),
      Map.entry(TwilioConfig.MESSAGING_SERVICE_SID, "textback.twilio.messaging-service-sid"),
      Map.entry(TwilioConfig.SMS_STATUS_CALLBACK_URL, "textback.twilio.sms-status-callback-url"),
      Map.entry(TwilioConfig.PUBLIC_BASE_URL, "textback.twilio.public-base-url"),
      Map.entry(TwilioConfig.DIAL_TIMEOUT, "textback.twilio.dial-timeout"),
      Map.entry(TwilioConfig.VOICEMAIL, "textback.twilio.voicemail"),
      Map.entry(TwilioConfig.VOICEMAIL_GREETING, "textback.twilio.voicemail-greeting"),
      Map.entry(TwilioConfig.VOICEMAIL_MAX_LENGTH, "textback.twilio.voicemail-max-length"),
      Map.entry(TwilioConfig.ANSWERING_MACHINE_DETECTION, "textback.twilio.answering-machine-detection"),
      Map.entry(TwilioConfig.CALL_SCREENING, "textback.twilio.call-screening"),
      Map.entry(TwilioConfig.SCREENING_PROMPT, "textback.twilio.screening-prompt"),
      Map.entry(TwilioConfig.CONNECT_TIMEOUT, "textback.twilio.connect-timeout"),
      Map.entry(TwilioConfig.READ_TIMEOUT, "textback.twilio.read-timeout"));
  /** Property name by {@link TwilioConfig} builder field, as its validation messages name them. */
  static final Map<String, String> PROPERTY_BY_FIELD = Map.ofEntries(
      Map.entry("accountSid", "textback.twilio.account-sid"),
      Map.entry("authToken", "textback.twilio.auth-token"),
      Map.entry("apiKeySid", "textback.twilio.api-key-sid"),
      Map.entry("apiKeySecret", "textback.twilio.api-key-secret"),
      Map.entry("apiBaseUrl", "textback.twilio.api-base-url"),
      Map.entry("messagingServiceSid", "textback.twilio.messaging-service-sid"),
      Map.entry("smsStatusCallbackUrl", "textback.twilio.sms-status-callback-url"),
      Map.entry("publicBaseUrl", "textback.twilio.public-base-url"),
      Map.entry("dialTimeout", "textback.twilio.dial-timeout"),
      Map.entry("voicemail", "textback.twilio.voicemail"),
      Map.entry("voicemailGreeting", "textback.twilio.voicemail-greeting"),
      Map.entry("voicemailMaxLength", "textback.twilio.voicemail-max-length"),
      Map.entry("answeringMachineDetection", "textback.twilio.answering-machine-detection"),
      Map.entry("callScreening", "textback.twilio.call-screening"),
      Map.entry("screeningPrompt", "textback.twilio.screening-prompt"),
      Map.entry("connectTimeout", "textback.twilio.connect-timeout"),
      Map.entry("readTimeout", "textback.twilio.read-timeout"));

  /** The account SID (AC...). Twilio is wired only when it and the auth token are set. */
  private @Nullable String accountSid;
  /** The primary auth token: checks webhook signatures, and authenticates REST calls when no API key is set. */
  private @Nullable String authToken;
  /** An API key SID (SK...) for REST calls instead of the auth token. */
  private @Nullable String apiKeySid;
  /** The API key's secret; required with the API key SID. */
  private @Nullable String apiKeySecret;
  /** Base URL of the REST API (default https://api.twilio.com); tests point it at a mock. */
  private @Nullable String apiBaseUrl;
  /** A Messaging Service SID (MG...) to send through instead of the dialled number. */
  private @Nullable String messagingServiceSid;
  /** Where Twilio reports delivery; default {public-base-url}/webhooks/twilio/sms/status. */
  private @Nullable String smsStatusCallbackUrl;
  /** The application's public URL as Twilio calls it; default textback.webhooks.public-base-url. */
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
  /** Whether the business must press a key to take a forwarded call. */
  private @Nullable Boolean callScreening;
  /** What the business hears when call screening is on. */
  private @Nullable String screeningPrompt;
  /** Connect timeout of REST calls. */
  private @Nullable Duration connectTimeout;
  /** Read and write timeout of REST calls. */
  private @Nullable Duration readTimeout;

  /** The settings as {@link TwilioConfig#from} reads them; unset ones are left out so its defaults apply. */
  Map<String, String> settings(@Nullable String fallbackPublicBaseUrl) {
    Map<String, String> s = new LinkedHashMap<>();
    put(s, TwilioConfig.ACCOUNT_SID, accountSid);
    put(s, TwilioConfig.AUTH_TOKEN, authToken);
    put(s, TwilioConfig.API_KEY_SID, apiKeySid);
    put(s, TwilioConfig.API_KEY_SECRET, apiKeySecret);
    put(s, TwilioConfig.API_BASE_URL, apiBaseUrl);
    put(s, TwilioConfig.MESSAGING_SERVICE_SID, messagingServiceSid);
    put(s, TwilioConfig.SMS_STATUS_CALLBACK_URL, smsStatusCallbackUrl);
    put(s, TwilioConfig.PUBLIC_BASE_URL, publicBaseUrl);
    put(s, TwilioConfig.DIAL_TIMEOUT, dialTimeout);
    put(s, TwilioConfig.VOICEMAIL, voicemail);
    put(s, TwilioConfig.VOICEMAIL_GREETING, voicemailGreeting);
    put(s, TwilioConfig.VOICEMAIL_MAX_LENGTH, voicemailMaxLength);
    put(s, TwilioConfig.ANSWERING_MACHINE_DETECTION, answeringMachineDetection);
    put(s, TwilioConfig.CALL_SCREENING, callScreening);
    put(s, TwilioConfig.SCREENING_PROMPT, screeningPrompt);
    put(s, TwilioConfig.CONNECT_TIMEOUT, connectTimeout);
    put(s, TwilioConfig.READ_TIMEOUT, readTimeout);
    if (publicBaseUrl == null && fallbackPublicBaseUrl != null) s.put(TwilioConfig.PUBLIC_BASE_URL, fallbackPublicBaseUrl);
    return s;
  }

  private static void put(Map<String, String> settings, String key, @Nullable Object value) {
    // Durations as ISO-8601 (PT20S), which TwilioConfig reads like whole seconds.
    if (value != null) settings.put(key, value.toString());
  }

  /**
   * The {@code textback.twilio.account-sid} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable String getAccountSid() {
    return accountSid;
  }

  /**
   * Sets the {@code textback.twilio.account-sid} property.
   *
   * @param accountSid the value, or null to unset it
   */
  public void setAccountSid(@Nullable String accountSid) {
    this.accountSid = accountSid;
  }

  /**
   * The {@code textback.twilio.auth-token} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable String getAuthToken() {
    return authToken;
  }

  /**
   * Sets the {@code textback.twilio.auth-token} property.
   *
   * @param authToken the value, or null to unset it
   */
  public void setAuthToken(@Nullable String authToken) {
    this.authToken = authToken;
  }

  /**
   * The {@code textback.twilio.api-key-sid} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable String getApiKeySid() {
    return apiKeySid;
  }

  /**
   * Sets the {@code textback.twilio.api-key-sid} property.
   *
   * @param apiKeySid the value, or null to unset it
   */
  public void setApiKeySid(@Nullable String apiKeySid) {
    this.apiKeySid = apiKeySid;
  }

  /**
   * The {@code textback.twilio.api-key-secret} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable String getApiKeySecret() {
    return apiKeySecret;
  }

  /**
   * Sets the {@code textback.twilio.api-key-secret} property.
   *
   * @param apiKeySecret the value, or null to unset it
   */
  public void setApiKeySecret(@Nullable String apiKeySecret) {
    this.apiKeySecret = apiKeySecret;
  }

  /**
   * The {@code textback.twilio.api-base-url} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable String getApiBaseUrl() {
    return apiBaseUrl;
  }

  /**
   * Sets the {@code textback.twilio.api-base-url} property.
   *
   * @param apiBaseUrl the value, or null to unset it
   */
  public void setApiBaseUrl(@Nullable String apiBaseUrl) {
    this.apiBaseUrl = apiBaseUrl;
  }

  /**
   * The {@code textback.twilio.messaging-service-sid} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable String getMessagingServiceSid() {
    return messagingServiceSid;
  }

  /**
   * Sets the {@code textback.twilio.messaging-service-sid} property.
   *
   * @param messagingServiceSid the value, or null to unset it
   */
  public void setMessagingServiceSid(@Nullable String messagingServiceSid) {
    this.messagingServiceSid = messagingServiceSid;
  }

  /**
   * The {@code textback.twilio.sms-status-callback-url} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable String getSmsStatusCallbackUrl() {
    return smsStatusCallbackUrl;
  }

  /**
   * Sets the {@code textback.twilio.sms-status-callback-url} property.
   *
   * @param smsStatusCallbackUrl the value, or null to unset it
   */
  public void setSmsStatusCallbackUrl(@Nullable String smsStatusCallbackUrl) {
    this.smsStatusCallbackUrl = smsStatusCallbackUrl;
  }

  /**
   * The {@code textback.twilio.public-base-url} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable String getPublicBaseUrl() {
    return publicBaseUrl;
  }

  /**
   * Sets the {@code textback.twilio.public-base-url} property.
   *
   * @param publicBaseUrl the value, or null to unset it
   */
  public void setPublicBaseUrl(@Nullable String publicBaseUrl) {
    this.publicBaseUrl = publicBaseUrl;
  }

  /**
   * The {@code textback.twilio.dial-timeout} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable Duration getDialTimeout() {
    return dialTimeout;
  }

  /**
   * Sets the {@code textback.twilio.dial-timeout} property.
   *
   * @param dialTimeout the value, or null to unset it
   */
  public void setDialTimeout(@Nullable Duration dialTimeout) {
    this.dialTimeout = dialTimeout;
  }

  /**
   * The {@code textback.twilio.voicemail} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable Boolean getVoicemail() {
    return voicemail;
  }

  /**
   * Sets the {@code textback.twilio.voicemail} property.
   *
   * @param voicemail the value, or null to unset it
   */
  public void setVoicemail(@Nullable Boolean voicemail) {
    this.voicemail = voicemail;
  }

  /**
   * The {@code textback.twilio.voicemail-greeting} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable String getVoicemailGreeting() {
    return voicemailGreeting;
  }

  /**
   * Sets the {@code textback.twilio.voicemail-greeting} property.
   *
   * @param voicemailGreeting the value, or null to unset it
   */
  public void setVoicemailGreeting(@Nullable String voicemailGreeting) {
    this.voicemailGreeting = voicemailGreeting;
  }

  /**
   * The {@code textback.twilio.voicemail-max-length} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable Duration getVoicemailMaxLength() {
    return voicemailMaxLength;
  }

  /**
   * Sets the {@code textback.twilio.voicemail-max-length} property.
   *
   * @param voicemailMaxLength the value, or null to unset it
   */
  public void setVoicemailMaxLength(@Nullable Duration voicemailMaxLength) {
    this.voicemailMaxLength = voicemailMaxLength;
  }

  /**
   * The {@code textback.twilio.answering-machine-detection} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable Boolean getAnsweringMachineDetection() {
    return answeringMachineDetection;
  }

  /**
   * Sets the {@code textback.twilio.answering-machine-detection} property.
   *
   * @param answeringMachineDetection the value, or null to unset it
   */
  public void setAnsweringMachineDetection(@Nullable Boolean answeringMachineDetection) {
    this.answeringMachineDetection = answeringMachineDetection;
  }

  /**
   * The {@code textback.twilio.call-screening} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable Boolean getCallScreening() {
    return callScreening;
  }

  /**
   * Sets the {@code textback.twilio.call-screening} property.
   *
   * @param callScreening the value, or null to unset it
   */
  public void setCallScreening(@Nullable Boolean callScreening) {
    this.callScreening = callScreening;
  }

  /**
   * The {@code textback.twilio.screening-prompt} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable String getScreeningPrompt() {
    return screeningPrompt;
  }

  /**
   * Sets the {@code textback.twilio.screening-prompt} property.
   *
   * @param screeningPrompt the value, or null to unset it
   */
  public void setScreeningPrompt(@Nullable String screeningPrompt) {
    this.screeningPrompt = screeningPrompt;
  }

  /**
   * The {@code textback.twilio.connect-timeout} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable Duration getConnectTimeout() {
    return connectTimeout;
  }

  /**
   * Sets the {@code textback.twilio.connect-timeout} property.
   *
   * @param connectTimeout the value, or null to unset it
   */
  public void setConnectTimeout(@Nullable Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  /**
   * The {@code textback.twilio.read-timeout} property.
   *
   * @return its value, or null when unset
   */
  public @Nullable Duration getReadTimeout() {
    return readTimeout;
  }

  /**
   * Sets the {@code textback.twilio.read-timeout} property.
   *
   * @param readTimeout the value, or null to unset it
   */
  public void setReadTimeout(@Nullable Duration readTimeout) {
    this.readTimeout = readTimeout;
  }
}
