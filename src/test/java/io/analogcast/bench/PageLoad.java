package io.analogcast.bench;

import io.analogcast.HeadlessChromium;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The web page's first load against a running service, in Debian's headless chromium: page weight (the page's
 * files and the API answers it needs, as transferred and as decoded) and the time from navigation to the first
 * drawn charts (the page's own mark, set once the fan charts, risks and analog explorer are drawn). Each run is a
 * new browser with an empty cache and the token already in the tab's session storage, as after signing in.
 * With a directory as fourth argument, the last run also saves the screenshots of docs/web-page.md there (desktop
 * and phone, whole page, the third analog highlighted).
 * Not a test: run it with the command in docs/performance.md.
 * Arguments: URL TOKEN [RUNS [SCREENSHOT_DIRECTORY]]
 */
public final class PageLoad {

    public static void main(String[] args) throws IOException {
        String url = args[0];
        String token = args[1];
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<Double> drawn = new ArrayList<>();
        List<Double> shell = new ArrayList<>();
        Map<String, Object> weights = null;
        for (int run = 0; run < runs; run++) {
            ChromeDriver browser = HeadlessChromium.start();
            try {
                browser.get(url);
                ((JavascriptExecutor) browser).executeScript("sessionStorage.setItem('analogcast.token', arguments[0])",
                        token);
                browser.executeCdpCommand("Network.clearBrowserCache", Map.of());
                browser.navigate().refresh();
                Object mark = new WebDriverWait(browser, Duration.ofSeconds(60)).until(b -> ((JavascriptExecutor) b)
                        .executeScript("const m = performance.getEntriesByName('analogcast-charts-drawn');"
                                + "return m.length ? m[0].startTime : null;"));
                drawn.add(((Number) mark).doubleValue());
                shell.add(((Number) ((JavascriptExecutor) browser).executeScript(
                        "return performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")).doubleValue());
                @SuppressWarnings("unchecked")
                Map<String, Object> measured = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript("""
                        const sum = (entries, field) => entries.reduce((total, e) => total + e[field], 0);
                        const page = performance.getEntriesByType('navigation').concat(performance
                            .getEntriesByType('resource').filter(e => e.initiatorType !== 'fetch'));
                        const api = performance.getEntriesByType('resource').filter(e => e.initiatorType === 'fetch');
                        return {pageFiles: page.length, pageTransferred: sum(page, 'transferSize'),
                            pageDecoded: sum(page, 'decodedBodySize'), apiCalls: api.length,
                            apiTransferred: sum(api, 'transferSize'), apiDecoded: sum(api, 'decodedBodySize'),
                            calls: api.map(e => e.name.replace(location.origin, '').split('?')[0]
                                + ' ' + e.transferSize + '/' + e.decodedBodySize + ' B').join(', ')};
                        """);
                weights = measured;
                if (args.length > 3 && run == runs - 1) {
                    screenshots(browser, Path.of(args[3]));
                }
            } finally {
                browser.quit();
            }
        }
        System.out.printf("%d cold loads of %s (new browser, empty cache, token in the tab)%n", runs, url);
        System.out.printf("page files: %s requests, %s B transferred, %s B decoded%n", weights.get("pageFiles"),
                weights.get("pageTransferred"), weights.get("pageDecoded"));
        System.out.printf("API answers: %s requests, %s B transferred, %s B decoded (%s)%n", weights.get("apiCalls"),
                weights.get("apiTransferred"), weights.get("apiDecoded"), weights.get("calls"));
        System.out.printf("page ready (DOMContentLoaded): median %.0f ms, runs %s%n", median(shell), rounded(shell));
        System.out.printf("charts drawn: median %.0f ms, runs %s%n", median(drawn), rounded(drawn));
    }

    private static void screenshots(ChromeDriver browser, Path directory) throws IOException {
        Files.createDirectories(directory);
        browser.findElement(By.cssSelector("#analog-table tr[data-analog='3'] button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(b -> !b.findElements(
                By.cssSelector("#trajectory-chart g.trajectory.chosen")).isEmpty());
        for (Map.Entry<String, Integer> view : Map.of("page-desktop.png", 1280, "page-phone.png", 390).entrySet()) {
            browser.manage().window().setSize(new Dimension(view.getValue(), 900));
            long height = (Long) browser.executeScript("return document.documentElement.scrollHeight");
            browser.manage().window().setSize(new Dimension(view.getValue(), (int) height + 120));
            System.out.printf("%s: %d px wide, scrolls sideways by %s px%n", view.getKey(), view.getValue(),
                    browser.executeScript("return document.documentElement.scrollWidth - window.innerWidth"));
            Files.write(directory.resolve(view.getKey()), browser.getScreenshotAs(OutputType.BYTES));
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static List<Long> rounded(List<Double> values) {
        return values.stream().map(Math::round).toList();
    }
}
