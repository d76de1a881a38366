package dev.textback.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.demo.Demo;
import dev.textback.demo.TwilioSimulator;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The funnel's heading says which 30 days it covers. At 19:30 in Denver on July 14 (01:30 UTC on the 15th) the
 * period ends today, July 14, in the business's time zone, as every other date on the page (call list, chart) does.
 */
class DashboardPeriodTest {
  private TwilioSimulator carrier;
  private TextbackServer server;
  private WebDriver browser;
  private Path profile;

  @AfterEach
  void stop() throws Exception {
    if (browser != null) browser.quit();
    if (server != null) server.close();
    if (carrier != null) carrier.close();
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  @Test
  void the_funnel_period_ends_on_the_business_s_today_not_the_utc_date() throws Exception {
    carrier = new TwilioSimulator(new PrintStream(PrintStream.nullOutputStream()));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TEXTBACK_PORT", "0");
    env.put("TEXTBACK_CONFIG", "unused.json");
    env.put("TEXTBACK_STORE", "memory");
    env.put("TEXTBACK_ADMIN_TOKEN", "test-token");
    env.put("TWILIO_ACCOUNT_SID", carrier.accountSid());
    env.put("TWILIO_AUTH_TOKEN", carrier.authToken());
    env.put("TWILIO_API_BASE_URL", carrier.apiBaseUrl());
    Instant evening = Instant.parse("2026-07-15T01:30:00Z"); // 19:30 on July 14 in Denver
    server = TextbackServer.start(Settings.from(env, new String[0]), Demo.sampleConfig(),
        Clock.fixed(evening, ZoneOffset.UTC), null);

    profile = Files.createTempDirectory("textback-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--user-data-dir=" + profile);
    browser = new ChromeDriver(new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build(), options);
    browser.get("http://127.0.0.1:" + server.port() + "/dashboard/#token=test-token");
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(d -> d.findElement(By.tagName("body")).getDomAttribute("data-loaded") != null);

    assertThat(browser.findElement(By.id("calls-period")).getText()).isEqualTo("(Jul 14)");
    assertThat(browser.findElement(By.id("period")).getText()).endsWith("– Jul 14)");
  }
}
