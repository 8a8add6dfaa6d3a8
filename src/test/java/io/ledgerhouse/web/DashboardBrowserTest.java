package io.ledgerhouse.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerhouse.advise.AdvisorService;
import io.ledgerhouse.allocate.AllocationService;
import io.ledgerhouse.allocate.RuleService;
import io.ledgerhouse.budget.BudgetService;
import io.ledgerhouse.trial.DemoSnowflakeLoader;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: Debian's headless Chromium, driven by Selenium, against the running application
 * with a small generated account. Each page is opened, its charts must draw (an SVG in every chart) with no console
 * error, and a screenshot of the whole page goes to {@code target/screenshots/}. Skipped, with a message, where
 * Chromium and its driver are not installed ({@code apt-get install chromium chromium-driver}; {@code .ci/run} does).
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {

    /** Debian's Chromium and its driver; elsewhere name them with LEDGERHOUSE_CHROMIUM and LEDGERHOUSE_CHROMEDRIVER. */
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("LEDGERHOUSE_CHROMIUM", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getenv().getOrDefault("LEDGERHOUSE_CHROMEDRIVER",
            "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TestHTTPResource("/")
    URL root;
    @Inject
    DemoSnowflakeLoader loader;
    @Inject
    RuleService rules;
    @Inject
    AllocationService allocation;
    @Inject
    AdvisorService advisor;
    @Inject
    BudgetService budgets;

    WebDriver browser;
    WebDriverWait wait;
    YearMonth month;

    @BeforeAll
    void startBrowser() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (!installed) {
            String message = "Browser tests skipped: " + CHROMIUM + " or " + DRIVER + " is missing (install them with "
                    + "'apt-get install -y chromium chromium-driver'; .ci/run does)";
            System.out.println("WARNING: " + message);
        }
        Assumptions.assumeTrue(installed, "Browser tests skipped: Chromium or chromedriver is not installed "
                + "(apt-get install -y chromium chromium-driver)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1440,900", "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        Files.createDirectories(SCREENSHOTS);
    }

    @BeforeEach
    void data() throws Exception {
        month = DashboardData.load(loader, rules, allocation, advisor, budgets);
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theOverviewShowsSpendForecastAndHealth() throws Exception {
        open("ui", "01-overview");
        assertThat(text()).containsIgnoringCase("Spent this month").containsIgnoringCase("Projected month end")
                .contains("Daily spend", "Spend by team", "Source health", DashboardData.SOURCE);
        assertThat(browser.findElements(By.cssSelector("[data-chart] svg"))).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void aFinOpsAnalystDrillsFromATeamToAQueryAndExportsTheStatement() throws Exception {
        open("ui/chargeback?month=" + month, "02-chargeback");
        assertThat(text()).contains("Chargeback statement", "Idle", "Reconciliation to the bill", "USD ");

        // the export buttons link to the API, which answers CSV
        String csv = browser.findElement(By.id("export-csv")).getAttribute("href");
        Response response = given().get(csv);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/csv");
        assertThat(response.asString()).startsWith("month,line,team,currency,compute").contains(DashboardData.TEAM);
        String focus = browser.findElement(By.id("export-focus")).getAttribute("href");
        assertThat(given().get(focus).then().extract().statusCode()).isEqualTo(200);

        // team → workload → warehouse → user → pattern → queries → one query; a branch can end early (a warehouse
        // with idle time only has no users), so the walk clicks the first link whose page goes further down
        browser.findElement(By.linkText(DashboardData.TEAM)).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#drill a.drill-link")));
        chartsDrawn();
        screenshot("03-drill-workloads");
        assertThat(descend(0)).as("a path from the team down to single queries").isTrue();
        screenshot("04-drill-queries");
        WebElement query = browser.findElement(By.cssSelector("#queries a.query-link"));
        String queryId = query.getText();
        query.click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("steps")));
        assertThat(text()).contains("How query " + queryId + " was charged", "WAREHOUSE_COMPUTE", "rule ");
        noConsoleErrors();
        screenshot("05-query");
    }

    @Test
    void aPlatformEngineerReadsAWarehouseAndActsOnARecommendation() throws Exception {
        open("ui/warehouses", "06-warehouses");
        assertThat(text()).contains("Busy vs idle compute");
        browser.findElement(By.cssSelector("#warehouses tbody a")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("h1")));
        chartsDrawn();
        noConsoleErrors();
        assertThat(text()).contains("Auto-suspend", "Replay fidelity", "Settings history", "queueing and spilling");
        screenshot("07-warehouse");

        open("ui/recommendations?source=" + DashboardData.SOURCE + "&status=OPEN", "08-recommendations");
        assertThat(text()).containsIgnoringCase("Total saving if all applied");
        browser.findElement(By.cssSelector("#recommendations a.rec-link")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("status")));
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("OPEN");
        screenshot("09-recommendation");
        browser.findElement(By.cssSelector("button.move[data-status=ACCEPTED]")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "ACCEPTED"));
        noConsoleErrors();
        assertThat(text()).contains("History");
        screenshot("10-recommendation-accepted");
    }

    @Test
    void budgetsAndRulesShowBurnDownAndWhatToAllocateNext() throws Exception {
        open("ui/budgets?month=" + YearMonth.now(java.time.ZoneOffset.UTC), "11-budgets");
        assertThat(text()).contains("Finance analytics", "Spent so far", "Alerts sent");

        open("ui/rules?month=" + month, "12-rules");
        assertThat(text()).contains("Rules in force", "Unallocated cost", "dashboard tests: teams from query tags");
        // a preview before saving: nothing is written
        browser.findElement(By.id("preview-rule")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("preview-summary")));
        noConsoleErrors();
        screenshot("13-rules-preview");
    }

    /** Depth-first through the drill's links, by clicking; true once a page lists single queries. */
    private boolean descend(int depth) {
        if (!browser.findElements(By.cssSelector("#queries a.query-link")).isEmpty()) {
            return true;
        }
        List<String> links = browser.findElements(By.cssSelector("#drill a.drill-link")).stream()
                .map(a -> a.getAttribute("href")).toList();
        if (depth > 4 || links.isEmpty()) {
            return false;
        }
        String here = browser.getCurrentUrl();
        assertThat(browser.findElement(By.cssSelector("#drill thead")).getText())
                .contains(new String[] {"workload", "warehouse", "user", "pattern"}[depth]);
        for (String link : links) {
            browser.findElements(By.cssSelector("#drill a.drill-link")).stream()
                    .filter(a -> link.equals(a.getAttribute("href"))).findFirst().orElseThrow().click();
            wait.until(ExpectedConditions.not(ExpectedConditions.urlToBe(here)));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("footer")));
            chartsDrawn();
            noConsoleErrors();
            if (descend(depth + 1)) {
                return true;
            }
            browser.navigate().back();
            wait.until(ExpectedConditions.urlToBe(here));
        }
        return false;
    }

    private void open(String path, String screenshot) throws Exception {
        browser.get(root.toString() + path);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("footer")));
        chartsDrawn();
        noConsoleErrors();
        screenshot(screenshot);
    }

    /** Every chart that has data holds the SVG ECharts drew. */
    private void chartsDrawn() {
        wait.until(b -> (Boolean) ((JavascriptExecutor) b).executeScript(
                "var charts = document.querySelectorAll('[data-chart]:not([data-chart=\"\"])');"
                        + "return typeof echarts !== 'undefined' && Array.prototype.every.call(charts, "
                        + "function (c) { return c.querySelector('svg') !== null; });"));
    }

    private void noConsoleErrors() {
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(errors).as("console errors on " + browser.getCurrentUrl()).isEmpty();
    }

    private String text() {
        return browser.findElement(By.tagName("body")).getText();
    }

    /** The whole page, as tall as it is, at a laptop's width (the device metrics, so nothing is cut). */
    private void screenshot(String name) throws Exception {
        Number height = (Number) ((JavascriptExecutor) browser).executeScript(
                "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight);");
        ChromeDriver chrome = (ChromeDriver) browser;
        chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 1440, "height",
                Math.min(6000, Math.max(900, height.intValue())), "deviceScaleFactor", 1, "mobile", false));
        try {
            // the charts follow the resize before the shot is taken
            chartsDrawn();
            Files.write(SCREENSHOTS.resolve(name + ".png"), chrome.getScreenshotAs(OutputType.BYTES));
        } finally {
            chrome.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

}
