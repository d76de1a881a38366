package dev.textback.server;

import dev.textback.demo.CarrierSimulator;
import dev.textback.demo.Demo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the dashboard of a demo server in headless Chromium: the Debian packages' chromium and
 * chromedriver (install them with {@code apt-get install chromium chromium-driver}; .ci/run does), never a
 * downloaded driver.
 */
class DashboardBrowserTest {
  private static final String CHROMIUM = System.getProperty("textback.chromium", "/usr/bin/chromium");
  private static final String CHROMEDRIVER = System.getProperty("textback.chromedriver", "/usr/bin/chromedriver");

  private Demo demo;
  private WebDriver browser;
  private Path profile;

  @BeforeEach
  void start() throws Exception {
    if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
      throw new IllegalStateException("this test needs " + CHROMIUM + " and " + CHROMEDRIVER
          + ": apt-get install -y chromium chromium-driver (the CI script installs them)");
    }
    Settings settings = Settings.from(Map.of("TEXTBACK_PORT", "0", "TEXTBACK_STORE", "memory"), new String[] {"--demo"});
    demo = Demo.start(settings, Demo.sampleConfig(), new PrintStream(PrintStream.nullOutputStream()));
    profile = Files.createTempDirectory("textback-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
        "--user-data-dir=" + profile);
    // The browser's console, where Chromium reports anything the Content-Security-Policy blocked.
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void stop() throws Exception {
    if (browser != null) browser.quit();
    if (demo != null) demo.close();
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  private long number(String id) {
    String text = browser.findElement(By.id(id)).getText().trim();
    return text.matches("\\d+") ? Long.parseLong(text) : -1;
  }

  @Test
  void simulating_a_missed_call_moves_the_funnel() {
    browser.get(demo.server().dashboardUrl().replace("localhost", "127.0.0.1"));
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.until(d -> number("missed") >= 0 && d.findElement(By.id("simulate")).isDisplayed());
    long missedBefore = number("missed");
    long textedBefore = number("texted");

    browser.findElement(By.id("simulate")).click();

    wait.until(d -> number("missed") == missedBefore + 1);
    wait.until(d -> number("texted") == textedBefore + 1);
    assertThat(number("missed")).isEqualTo(missedBefore + 1);
    assertThat(number("texted")).isEqualTo(textedBefore + 1);
    assertThat(browser.findElement(By.id("notice")).isDisplayed()).isFalse();
  }

  @Test
  void the_content_security_policy_lets_the_dashboard_load_its_own_script_and_styles_and_blocks_nothing() {
    browser.get(demo.server().dashboardUrl().replace("localhost", "127.0.0.1"));
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.until(d -> d.findElement(By.tagName("body")).getDomAttribute("data-loaded") != null);

    // The page's background comes from style.css (#f6f8fa); without the stylesheet it would be transparent.
    String background = (String) ((JavascriptExecutor) browser)
        .executeScript("return getComputedStyle(document.body).backgroundColor");
    assertThat(background).isEqualTo("rgb(246, 248, 250)");
    assertThat(number("missed")).isNotNegative(); // app.js ran and talked to the API
    assertThat(browser.manage().logs().get(LogType.BROWSER).getAll())
        .extracting(LogEntry::getMessage)
        .noneMatch(m -> m.contains("Content Security Policy") || m.contains("Content-Security-Policy"));
  }
}
