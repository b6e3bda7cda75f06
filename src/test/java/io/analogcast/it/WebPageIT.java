package io.analogcast.it;

import io.analogcast.HeadlessChromium;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web page in a real browser (Debian's chromium, headless, through chromium-driver) against the packaged service
 * (the jar in {@code ./mvnw verify}, the native executable in CI): sign-in, station, fan charts that show the API's
 * figures, the analog explorer, keyboard-only use, a phone-sized viewport, API errors as messages, and no console
 * error or Content-Security-Policy violation. Screenshots go to target/screenshots for a person to look at.
 */
@QuarkusIntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebPageIT {

    private static final String TOKEN = "it-admin-token";
    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static ChromeDriver browser;

    @BeforeAll
    static void openBrowser() throws IOException {
        Files.createDirectories(SCREENSHOTS);
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @AfterEach
    void noConsoleErrors() {
        List<String> errors = severe(consoleLog());
        assertTrue(errors.isEmpty(), "console errors: " + errors);
    }

    private static String page() {
        return "http://localhost:" + RestAssured.port + "/";
    }

    @Test
    @Order(1)
    void asksForTheTokenAndKeepsItInTheTabOnly() {
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get(page());
        wait(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        assertFalse(browser.findElement(By.id("app")).isDisplayed(), "no data before signing in");
        signIn("wrong-token");
        WebElement refused = wait(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-error")));
        assertTrue(refused.getText().contains("not accepted"), refused.getText());
        assertEquals(null, script("return sessionStorage.getItem('analogcast.token')"));
        consoleLog(); // the refused request's 401 is the browser's network log, expected here

        signIn(TOKEN);
        waitForCharts();
        assertFalse(browser.getCurrentUrl().contains(TOKEN), "token in the URL: " + browser.getCurrentUrl());
        assertEquals(TOKEN, script("return sessionStorage.getItem('analogcast.token')"));
        assertEquals(null, script("return localStorage.getItem('analogcast.token')"));
        assertTrue(((String) script("return document.cookie")).isEmpty(), "no cookie");
    }

    @Test
    @Order(2)
    void showsTheLiveVerificationOnceForecastsAreScored() throws InterruptedException {
        String station = browser.findElement(By.id("station-select")).getAttribute("value");
        // forecasts issued now for a past hour: their valid times are observed, so the next scoring run scores them
        java.time.Instant newest = java.time.Instant.parse(api("/forecast/options?station=" + station)
                .getString("newest_observation"));
        // three past hours with a complete state: the schema outlives a run, and PackagedServiceIT's appended hours
        // leave gaps after the demo's history (an hour in a gap is a 422, passed over)
        int issued = 0;
        for (int day = 3; issued < 3 && day <= 40; day++) {
            int status = RestAssured.given().header("Authorization", "Bearer " + TOKEN).get("/forecast?station="
                    + station + "&horizon=6h,12h,24h,48h&vars=t2m,wspd&time=" + newest.minus(Duration.ofDays(day)))
                    .statusCode();
            assertTrue(status == 200 || status == 422, "forecast answered " + status);
            issued += status == 200 ? 1 : 0;
        }
        assertEquals(3, issued, "three past hours with a complete state within 40 days");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonPath report = api("/verification/live?station=" + station);
        while (report.getInt("scored_cases") == 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            report = api("/verification/live?station=" + station);
        }
        assertTrue(report.getInt("scored_cases") > 0, "scored within 60 s");
        // scoring runs every few seconds and the persistent schema may hold other forecasts still being scored: the
        // page is compared with a report that did not change while the page loaded
        List<Map<String, Object>> before;
        List<Map<String, Object>> after;
        List<WebElement> rows;
        long settleBy = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        do {
            before = api("/verification/live?station=" + station).getList("rows");
            browser.navigate().refresh();
            waitForCharts();
            rows = wait(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#verification-body table")))
                    .findElements(By.cssSelector("tbody tr"));
            after = api("/verification/live?station=" + station).getList("rows");
        } while (!before.equals(after) && System.nanoTime() < settleBy);
        assertEquals(before, after, "scoring settled for as long as the page took to load, within 60 s");
        assertEquals(after.size(), rows.size(), "a row per variable and horizon");
        for (int i = 0; i < rows.size(); i++) {
            List<WebElement> cells = rows.get(i).findElements(By.cssSelector("th, td"));
            Map<String, Object> row = after.get(i);
            assertEquals(row.get("variable") + " +" + row.get("horizon"), cells.get(0).getText());
            assertEquals(String.valueOf(row.get("cases")), cells.get(1).getText());
            assertEquals(10, cells.get(5).findElements(By.cssSelector("svg.pit rect")).size(), "PIT in 10 bins");
        }
    }

    @Test
    @Order(3)
    void fanChartsShowTheApiFiguresAtEveryServedHorizon() throws IOException {
        String station = browser.findElement(By.id("station-select")).getAttribute("value");
        assertTrue(browser.findElement(By.id("data-source")).getText().contains("SYNTHETIC"),
                "synthetic data is labelled");
        JsonPath options = api("/forecast/options?station=" + station);
        List<String> horizons = options.getList("horizons");
        assertEquals(List.of("6h", "12h", "24h", "48h"), horizons);
        String stateTime = browser.findElement(By.id("state-time")).getText().substring(0, 16);
        List<WebElement> charts = browser.findElements(By.cssSelector("#fan-charts figure.fan"));
        assertTrue(charts.size() >= 3, "a chart per variable, got " + charts.size());
        assertEquals(1, browser.findElements(By.cssSelector("#fan-charts figure[data-variable='t2m'] circle.origin")).size(),
                "temperature is observed at the state time: its chart starts from it");
        StringBuilder vars = new StringBuilder();
        for (WebElement chart : charts) {
            vars.append(vars.isEmpty() ? "" : ",").append(chart.getAttribute("data-variable"));
        }
        JsonPath forecast = api("/forecast?station=" + station + "&horizon=" + String.join(",", horizons) + "&vars="
                + vars + "&time=" + stateTime.replace(' ', 'T') + ":00Z");
        for (WebElement chart : charts) {
            String variable = chart.getAttribute("data-variable");
            List<WebElement> points = chart.findElements(By.cssSelector("circle.horizon-point"));
            assertEquals(horizons.size(), points.size(), variable + ": a point per horizon");
            for (int h = 0; h < horizons.size(); h++) {
                WebElement point = points.get(h);
                assertEquals(horizons.get(h), point.getAttribute("data-horizon"));
                for (String field : List.of("median", "p05", "p25", "p75", "p95")) {
                    double shown = Double.parseDouble(point.getAttribute("data-" + field));
                    double api = forecast.getDouble("forecasts[" + h + "].variables." + variable + "." + field);
                    assertEquals(api, shown, 1e-9, variable + " " + horizons.get(h) + " " + field);
                }
            }
            // both bands run from the current value (when observed) through every horizon and back
            int origin = chart.findElements(By.cssSelector("circle.origin")).size();
            for (String band : List.of("p05-p95", "p25-p75")) {
                String corners = chart.findElement(By.cssSelector("polygon[data-band='" + band + "']"))
                        .getAttribute("points");
                assertEquals(2 * (origin + horizons.size()), corners.trim().split("\\s+").length, variable + " " + band);
            }
            if (origin == 1) {
                assertEquals(api("/forecast/analogs?station=" + station + "&horizon=6h&vars=" + variable + "&time="
                        + forecast.getString("state_time")).getDouble("current." + variable),
                        Double.parseDouble(chart.findElement(By.cssSelector("circle.origin")).getAttribute("data-value")),
                        1e-9, variable + ": the origin is the current value");
            }
        }
        assertEquals(options.getList("risks").size(),
                browser.findElements(By.cssSelector("#risk-body tbody tr")).size(), "a risk row per risk event");
        screenshot("page-desktop.png");
    }

    @Test
    @Order(4)
    void explorerListsTheAnalogsAndHighlightsTheChosenOne() throws IOException {
        List<WebElement> rows = browser.findElements(By.cssSelector("#analog-table tbody tr"));
        int k = api("/forecast/options").getInt("default_k");
        assertEquals(k, rows.size(), "k analogs");
        assertEquals(k, browser.findElements(By.cssSelector("#trajectory-chart g.trajectory")).size());
        WebElement third = rows.get(2).findElement(By.cssSelector("button.choose"));
        third.click();
        WebElement chosen = wait(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#trajectory-chart g.trajectory.chosen[data-analog='3']")));
        assertNotNull(chosen);
        assertEquals("true", browser.findElement(By.cssSelector("#analog-table tr[data-analog='3'] button"))
                .getAttribute("aria-pressed"));
        assertEquals(k - 1, browser.findElements(By.cssSelector("#trajectory-chart g.trajectory.faded")).size());
        List<WebElement> members = browser.findElements(By.cssSelector("#fan-charts path.chosen-member"));
        assertFalse(members.isEmpty(), "the chosen analog's member is marked in the fan charts");
        members.forEach(m -> assertEquals("3", m.getAttribute("data-analog")));
        screenshot("page-desktop-analog.png");
        browser.findElement(By.cssSelector("#analog-table tr[data-analog='3'] button")).click();
        wait(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#trajectory-chart g.trajectory.chosen"), 0));
    }

    @Test
    @Order(5)
    void everyControlIsReachedByKeyboardAlone() {
        browser.navigate().refresh();
        waitForCharts();
        Set<String> controls = new LinkedHashSet<>();
        for (WebElement control : browser.findElements(By.cssSelector("button, input, select, [tabindex='0']"))) {
            if (control.isDisplayed()) {
                controls.add(describe(control));
            }
        }
        Set<String> reached = new LinkedHashSet<>();
        Actions keys = new Actions(browser);
        for (int i = 0; i < controls.size() + 10 && !reached.containsAll(controls); i++) {
            keys.sendKeys(Keys.TAB).perform();
            reached.add(describe(browser.switchTo().activeElement()));
        }
        Set<String> missed = new LinkedHashSet<>(controls);
        missed.removeAll(reached);
        assertTrue(missed.isEmpty(), "not reached by Tab: " + missed);
        // choosing an analog with the keyboard: focus its button and press Enter
        WebElement fifth = browser.findElement(By.cssSelector("#analog-table tr[data-analog='5'] button"));
        script("arguments[0].focus()", fifth);
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        wait(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#trajectory-chart g.trajectory.chosen[data-analog='5']")));
        assertEquals("true", browser.switchTo().activeElement().getAttribute("aria-pressed"),
                "focus stays on the chosen analog's button");
    }

    @Test
    @Order(6)
    void fitsAPhone() throws IOException {
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.navigate().refresh();
        waitForCharts();
        long overflow = (Long) script("return document.documentElement.scrollWidth - window.innerWidth");
        assertTrue(overflow <= 0, "the page scrolls sideways on a phone by " + overflow + " px");
        screenshot("page-phone.png");
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    @Test
    @Order(7)
    void apiErrorsAreMessagesInThePage() {
        browser.get(page() + "#station=no-such-station");
        WebElement error = wait(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertTrue(error.getText().contains("unknown station 'no-such-station'"), error.getText());
        expectOnlyRefusedRequests(404);

        browser.get(page());
        waitForCharts();
        WebElement time = browser.findElement(By.id("time-input"));
        time.sendKeys("1990-01-01 00:00");
        browser.findElement(By.id("show-forecast")).click();
        error = wait(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        wait(ExpectedConditions.textToBePresentInElementLocated(By.id("error"), "no observations"));
        assertTrue(error.getText().contains("1990-01-01T00:00:00Z"), error.getText());
        expectOnlyRefusedRequests(404);
        time.clear();
    }

    @Test
    @Order(8)
    void contentSecurityPolicyViolationsAreCaught() {
        browser.get(page());
        waitForCharts();
        // the page itself runs no inline code; an inline script is refused, and the refusal reaches the log the
        // other tests check, so a violation of the page's own would fail them
        script("var s = document.createElement('script'); s.textContent = 'window.inlineRan = true';"
                + "document.body.appendChild(s);");
        assertEquals(null, script("return window.inlineRan === undefined ? null : window.inlineRan"));
        List<String> errors = severe(consoleLog());
        assertTrue(errors.stream().anyMatch(e -> e.contains("Content Security Policy")), "logged: " + errors);
    }

    /** Errors the console holds besides the refusals of the API (the browser logs those as failed loads). */
    private static void expectOnlyRefusedRequests(int status) {
        List<String> unexpected = new ArrayList<>();
        for (String error : severe(consoleLog())) {
            if (!error.contains("status of " + status)) {
                unexpected.add(error);
            }
        }
        assertTrue(unexpected.isEmpty(), "console errors: " + unexpected);
    }

    private static List<LogEntry> consoleLog() {
        return browser.manage().logs().get(LogType.BROWSER).getAll();
    }

    private static List<String> severe(List<LogEntry> entries) {
        return entries.stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    private static void signIn(String token) {
        WebElement field = browser.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token);
        browser.findElement(By.id("sign-in-button")).click();
    }

    private static void waitForCharts() {
        wait(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#fan-charts figure.fan svg")));
        wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#analog-table tbody tr")));
        wait(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Forecast for"));
    }

    private static String describe(WebElement element) {
        String id = element.getAttribute("id");
        return element.getTagName() + (id != null && !id.isEmpty() ? "#" + id
                : "[" + element.getAttribute("aria-label") + element.getAttribute("aria-labelledby") + "]");
    }

    private static <T> T wait(java.util.function.Function<? super org.openqa.selenium.WebDriver, T> condition) {
        return new WebDriverWait(browser, Duration.ofSeconds(30)).until(condition);
    }

    private static Object script(String code, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(code, arguments);
    }

    private static JsonPath api(String path) {
        return RestAssured.given().header("Authorization", "Bearer " + TOKEN).get(path).then().statusCode(200)
                .extract().jsonPath();
    }

    /** The whole page: the window is made as tall as the document for the shot. */
    private static void screenshot(String name) throws IOException {
        Dimension size = browser.manage().window().getSize();
        long height = (Long) script("return document.documentElement.scrollHeight");
        browser.manage().window().setSize(new Dimension(size.getWidth(), (int) height + 120));
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(size);
    }
}
