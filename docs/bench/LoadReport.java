import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders docs/bench/load-test.sh's results (one JSON object per line, written by load-test.lua) as report.md and a
 * self-contained report.html with throughput and latency plots. Run as a single-file program:
 * {@code java docs/bench/LoadReport.java RESULTS OUT_DIR DESCRIPTION}.
 */
public class LoadReport {

    record Run(String level, int connections, String endpoint, long requests, double seconds, long failed,
            double p50Ms, double p95Ms, double p99Ms, double maxMs) {

        double perSecond() {
            return requests / seconds;
        }
    }

    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\"[^\"]*\"|[-0-9.]+)");
    private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
            "#e377c2", "#7f7f7f"};
    private static final int W = 560;
    private static final int H = 300;
    private static final int PAD = 50;

    public static void main(String[] args) throws IOException {
        List<Run> runs = new ArrayList<>();
        Map<String, Long> rssKib = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            Map<String, String> f = new LinkedHashMap<>();
            Matcher m = FIELD.matcher(line);
            while (m.find()) {
                f.put(m.group(1), m.group(2).replace("\"", ""));
            }
            String[] label = f.get("label").split("\\|");
            if (f.containsKey("rss_kib")) {
                rssKib.put(label[0] + " (" + label[1] + ")", Long.parseLong(f.get("rss_kib")));
                continue;
            }
            runs.add(new Run(label[0], Integer.parseInt(label[1]), label[2], Long.parseLong(f.get("requests")),
                    Double.parseDouble(f.get("seconds")), Long.parseLong(f.get("failed")), ms(f, "p50_us"),
                    ms(f, "p95_us"), ms(f, "p99_us"), ms(f, "max_us")));
        }
        Path out = Path.of(args[1]);
        Files.writeString(out.resolve("report.md"), markdown(runs, rssKib, args[2]));
        Files.writeString(out.resolve("report.html"), html(runs, rssKib, args[2]));
        if (runs.stream().anyMatch(r -> r.failed() > 0 || r.requests() == 0)) {
            System.err.println("load-test: some runs had failed requests (see report.md)");
            System.exit(1);
        }
    }

    private static double ms(Map<String, String> f, String key) {
        return Double.parseDouble(f.get(key)) / 1000;
    }

    private static final List<String> COLUMNS = List.of("level", "connections", "endpoint", "req/s", "p50 ms",
            "p95 ms", "p99 ms", "max ms", "failed");

    private static List<String> cells(Run r) {
        return List.of(r.level(), String.valueOf(r.connections()), r.endpoint(),
                String.format(Locale.ROOT, "%,.0f", r.perSecond()), String.format(Locale.ROOT, "%.2f", r.p50Ms()),
                String.format(Locale.ROOT, "%.2f", r.p95Ms()), String.format(Locale.ROOT, "%.2f", r.p99Ms()),
                String.format(Locale.ROOT, "%.1f", r.maxMs()), String.valueOf(r.failed()));
    }

    private static String rss(Map<String, Long> rssKib) {
        StringBuilder text = new StringBuilder("RSS after each level:");
        rssKib.forEach((level, kib) -> text.append(String.format(Locale.ROOT, " %s %.0f MiB;", level, kib / 1024.0)));
        return text.toString();
    }

    static String markdown(List<Run> runs, Map<String, Long> rssKib, String description) {
        StringBuilder md = new StringBuilder("# Load test\n\n").append(description).append("\n\n| ")
                .append(String.join(" | ", COLUMNS)).append(" |\n|").append("---|".repeat(COLUMNS.size())).append("\n");
        runs.forEach(r -> md.append("| ").append(String.join(" | ", cells(r))).append(" |\n"));
        return md.append("\n").append(rss(rssKib)).append("\n").toString();
    }

    static String html(List<Run> runs, Map<String, Long> rssKib, String description) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Analogcast load test</title><style>body{font:14px/1.4 system-ui,sans-serif;margin:2em}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}")
                .append("svg text{font-size:11px}</style></head><body><h1>Analogcast load test</h1><p>")
                .append(escape(description)).append("</p>");
        html.append(chart(runs, "Throughput (requests per second) by connections", Run::perSecond, false));
        html.append(chart(runs, "p99 latency (ms, log scale) by connections", Run::p99Ms, true));
        html.append(chart(runs, "p50 latency (ms, log scale) by connections", Run::p50Ms, true));
        html.append("<table><tr><th>").append(String.join("</th><th>", COLUMNS)).append("</th></tr>");
        runs.forEach(r -> html.append("<tr><td>")
                .append(String.join("</td><td>", cells(r).stream().map(LoadReport::escape).toList())).append("</td></tr>"));
        return html.append("</table><p>").append(escape(rss(rssKib))).append("</p></body></html>\n").toString();
    }

    /** One line per endpoint over the connection counts. */
    private static String chart(List<Run> runs, String title, ToDoubleFunction<Run> value, boolean log) {
        List<Integer> connections = runs.stream().map(Run::connections).distinct().sorted().toList();
        List<String> endpoints = runs.stream().map(Run::endpoint).distinct().toList();
        double max = runs.stream().mapToDouble(value).max().orElse(1);
        double min = log ? Math.max(0.01, runs.stream().mapToDouble(value).min().orElse(0.01)) : 0;
        double top = log ? Math.pow(10, Math.ceil(Math.log10(max))) : niceCeiling(max);
        double bottom = log ? Math.pow(10, Math.floor(Math.log10(min))) : 0;
        java.util.function.DoubleUnaryOperator y = v -> {
            double share = log ? (Math.log10(Math.max(v, bottom)) - Math.log10(bottom)) / (Math.log10(top) - Math.log10(bottom))
                    : v / top;
            return H - PAD - share * (H - 2 * PAD);
        };
        java.util.function.IntToDoubleFunction x = i -> PAD + (connections.size() == 1 ? 0.5 : (double) i
                / (connections.size() - 1)) * (W - 2 * PAD - 150);
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<figure><svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" xmlns=\"http://www.w3.org/2000/svg\">",
                W, H, W, H));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>",
                PAD, H - PAD, W - PAD - 150, H - PAD));
        for (double tick : ticks(bottom, top, log)) {
            double ty = y.applyAsDouble(tick);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", PAD, ty, W - PAD - 150, ty, PAD - 4,
                    ty + 4, tick >= 100 ? String.format(Locale.ROOT, "%,.0f", tick) : String.format(Locale.ROOT, "%.2g", tick)));
        }
        for (int i = 0; i < connections.size(); i++) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>",
                    x.applyAsDouble(i), H - PAD + 16, connections.get(i)));
        }
        for (int e = 0; e < endpoints.size(); e++) {
            String colour = COLOURS[e % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < connections.size(); i++) {
                int c = connections.get(i);
                String endpoint = endpoints.get(e);
                runs.stream().filter(r -> r.connections() == c && r.endpoint().equals(endpoint)).findFirst()
                        .ifPresent(r -> points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(
                                connections.indexOf(c)), y.applyAsDouble(value.applyAsDouble(r)))));
            }
            svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(colour).append("\" points=\"")
                    .append(points.toString().trim()).append("\"/>");
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>", W - PAD - 135, PAD + 16 * e, colour, W - PAD - 120,
                    PAD + 16 * e + 9, escape(endpoints.get(e))));
        }
        return svg.append("</svg><figcaption>").append(escape(title)).append("</figcaption></figure>").toString();
    }

    private static List<Double> ticks(double bottom, double top, boolean log) {
        List<Double> ticks = new ArrayList<>();
        if (log) {
            for (double t = bottom; t <= top * 1.0001; t *= 10) {
                ticks.add(t);
            }
        } else {
            for (int i = 0; i <= 5; i++) {
                ticks.add(top * i / 5);
            }
        }
        return ticks;
    }

    private static double niceCeiling(double v) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(v, 1))));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= v) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
