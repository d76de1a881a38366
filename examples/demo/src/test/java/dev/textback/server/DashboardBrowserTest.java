package dev.textback.server;

import dev.textback.demo.TwilioSimulator;
import dev.textback.demo.Demo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
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

  private static final String LINE = "+13035550142";

  private WebDriverWait openDashboard() {
    browser.get(demo.server().dashboardUrl().replace("localhost", "127.0.0.1"));
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.until(d -> d.findElement(By.tagName("body")).getDomAttribute("data-loaded") != null);
    return wait;
  }

  private Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  /** The rows of the call list with this status (a data attribute the page sets from the API's code). */
  private List<WebElement> callRows(String status) {
    return browser.findElements(By.cssSelector("#call-rows tr[data-status='" + status + "']"));
  }

  @Test
  void after_the_story_the_call_list_shows_skips_with_reasons_and_delivered_texts_and_call_these_back_lists_james()
      throws Exception {
    demo.playStory();
    WebDriverWait wait = openDashboard();

    // The carrier reports delivery a moment after the send; the page refreshes every five seconds.
    wait.until(d -> !callRows("delivered").isEmpty() && !callRows("skipped").isEmpty());
    assertThat(callRows("skipped")).extracting(WebElement::getText)
        .anySatisfy(t -> assertThat(t).contains("Withheld number", "Not texted: the caller withheld their number"))
        .anySatisfy(t -> assertThat(t).contains("James Carter", "Not texted: already texted recently (cooldown)"));
    assertThat(callRows("delivered")).extracting(WebElement::getText)
        .anySatisfy(t -> assertThat(t).contains("Maria Lopez", "+17205550142", "Texted, delivered", LINE));

    // James was texted and never replied; Maria replied and Priya texted STOP, so neither is on it. The four weeks
    // of history add the callers of those days who never replied, behind a "Show all" button after the first ten.
    WebElement callBacks = browser.findElement(By.id("callbacks"));
    assertThat(callBacks.getText()).contains("James Carter (+13035550123)").doesNotContain("Maria", "Priya");
    assertThat(callBacks.findElements(By.tagName("li"))).hasSize(10);
    WebElement more = browser.findElement(By.id("callbacks-more"));
    assertThat(more.getText()).matches("Show all \\d+");
    more.click();
    wait.until(d -> d.findElements(By.cssSelector("#callbacks li")).size() > 10);
    WebElement james = callBacks.findElement(By.cssSelector("li[data-caller='+13035550123']"));
    assertThat(james.findElement(By.linkText("Call")).getDomAttribute("href")).isEqualTo("tel:+13035550123");
    assertThat(browser.findElement(By.id("revenue-formula")).getText())
        .matches("\\d+ repl(y|ies) × \\$350 average job value");
    assertThat(browser.findElement(By.cssSelector(".card.accent .label")).getText()).contains("estimate");

    james.findElement(By.xpath(".//button[text()='Mark called']")).click();

    wait.until(d -> d.findElements(By.cssSelector("#callbacks li[data-caller='+13035550123']")).isEmpty());
    assertThat(browser.findElement(By.id("notice")).isDisplayed()).isFalse();
  }

  @Test
  void a_callers_text_that_looks_like_markup_is_shown_as_text() throws Exception {
    String payload = "<img src=x onerror=alert(1)>";
    demo.simulator().text("+17205550111", LINE, payload);
    WebDriverWait wait = openDashboard();

    wait.until(d -> d.findElements(By.cssSelector("#conversations .msg.inbound")).stream()
        .anyMatch(m -> m.getText().equals(payload)));
    Thread.sleep(500); // an injected image would have failed to load and fired its handler by now

    assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    assertThat(browser.findElements(By.tagName("img"))).isEmpty();
    assertThat(js("return document.querySelector('#conversations').innerHTML")).asString()
        .contains("&lt;img src=x onerror=alert(1)&gt;");
  }

  @Test
  void at_phone_width_the_page_fits_the_screen_and_the_chart_has_dates_and_a_scale() {
    browser.manage().window().setSize(new Dimension(375, 812));
    openDashboard();

    long viewport = ((Number) js("return document.documentElement.clientWidth")).longValue();
    long content = ((Number) js("return document.documentElement.scrollWidth")).longValue();
    assertThat(viewport).isLessThanOrEqualTo(375);
    assertThat(content).as("page width at a 375 px viewport").isLessThanOrEqualTo(viewport);
    // The history's 28 days: day labels ("Jun 16") along the bottom and a numeric scale from 0 up the side.
    List<WebElement> xTicks = browser.findElements(By.cssSelector("#chart text.tick.x"));
    List<WebElement> yTicks = browser.findElements(By.cssSelector("#chart text.tick.y"));
    assertThat(xTicks).isNotEmpty().allSatisfy(t -> assertThat(t.getText()).matches("[A-Z][a-z]{2} \\d{1,2}"));
    assertThat(yTicks).extracting(WebElement::getText).contains("0").allSatisfy(t -> assertThat(t).matches("\\d+"));
    assertThat(yTicks.size()).isGreaterThanOrEqualTo(2);
    // Loaded sections show no placeholders and no spinner.
    assertThat(browser.findElements(By.cssSelector(".state[data-state='loading']"))).isEmpty();
  }
}
