package dev.textback.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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
  private RunningServer running;
  private WebDriver browser;
  private Path profile;

  @AfterEach
  void stop() throws Exception {
    if (browser != null) browser.quit();
    if (running != null) running.close();
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  @Test
  void the_funnel_period_ends_on_the_business_s_today_not_the_utc_date() throws Exception {
    Instant evening = Instant.parse("2026-07-15T01:30:00Z"); // 19:30 on July 14 in Denver
    running = RunningServer.start(Map.of(), Clock.fixed(evening, ZoneOffset.UTC));

    profile = Files.createTempDirectory("textback-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--user-data-dir=" + profile);
    browser = new ChromeDriver(new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build(), options);
    browser.get(running.base() + "/dashboard/#token=" + RunningServer.TOKEN);
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(d -> d.findElement(By.tagName("body")).getDomAttribute("data-loaded") != null);

    assertThat(browser.findElement(By.id("calls-period")).getText()).isEqualTo("(Jul 14)");
    assertThat(browser.findElement(By.id("period")).getText()).endsWith("– Jul 14)");
  }
}
