package io.analogcast.verification;

import io.analogcast.verification.VerificationReport.FanChart;
import io.analogcast.verification.VerificationReport.FanPoint;
import io.analogcast.verification.VerificationReport.Interval;
import io.analogcast.verification.VerificationReport.RankHistogram;
import io.analogcast.verification.VerificationReport.Reliability;
import io.analogcast.verification.VerificationReport.SkillRow;
import io.analogcast.verification.VerificationReport.TargetCheck;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/** A self-contained HTML page (inline CSS and SVG, no scripts or external resources) for a report. */
public final class HtmlReport {

    private static final int W = 320;
    private static final int H = 200;
    private static final int PAD = 36;
    private static final String CLIMATE = "#1f77b4";
    private static final String PERSISTENCE = "#d62728";
    private static final String BLEND = "#2ca02c";
    /** Skill below this is drawn at the bottom edge (a month without rain can score -1000 against climatology). */
    private static final double SKILL_FLOOR = -1.0;
    private static final int MAX_TICKS = 12;

    private HtmlReport() {
    }

    public static String render(VerificationReport report) {
        StringBuilder html = new StringBuilder(64_000);
        var meta = report.meta();
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Analogcast verification</title>")
                .append("<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;")
                .append("margin:1em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}th{background:#f4f4f4}")
                .append(".ok{background:#e6f4e6}.miss{background:#fbe3e3}.grid{display:flex;flex-wrap:wrap;gap:12px}")
                .append("figure{margin:0;max-width:" + W + "px}figure.wide{max-width:none}")
                .append("figcaption{font-size:12px;text-align:center}")
                .append("svg text{font-size:10px}</style></head><body>");
        html.append("<h1>Analogcast forecast verification</h1><p>")
                .append(esc("Data: " + meta.dataSource() + "; stations: " + String.join(", ", meta.stations())
                        + "; forecasts issued " + meta.from() + " to " + meta.to() + " every " + meta.strideHours()
                        + " h; indices rebuilt every " + meta.refitDays() + " days; k = " + meta.k() + " analogs, separation "
                        + meta.separationHours() + " h, tendencies " + meta.tendencyVariables() + " at "
                        + meta.tendencyHorizons() + ", anchored on the build's blend " + meta.anchorVariables()
                        + " by " + meta.anchorWeights() + " with the spread scaled by " + meta.anchorSpreads()
                        + ", weighting "
                        + meta.weighting() + "; predictors " + meta.predictors() + " over " + meta.windowHours()
                        + " h (per station, those it observes: " + meta.stationPredictors() + "); "
                        + meta.forecasts() + " forecasts in " + meta.runtimeSeconds() + " s; generated "
                        + meta.generatedAt() + "."))
                .append("</p><p>").append(esc(meta.method())).append("</p><ul>");
        meta.references().forEach((name, description) -> html.append("<li><b>").append(esc(name)).append("</b>: ")
                .append(esc(description)).append("</li>"));
        html.append("</ul>");

        html.append("<h2>Targets</h2>").append(targets(report.targets()));
        html.append("<h2>Scores (all stations)</h2>").append(scoreTable(report.summary()));

        html.append("<h2>CRPS skill by horizon</h2><p>Blue: against climatology; red: against persistence; green: ")
                .append("against the persistence-climatology blend; ")
                .append("bars: 95% bootstrap intervals.</p><div class=\"grid\">");
        report.summary().stream().map(SkillRow::variable).distinct()
                .forEach(v -> html.append(skillChart(v, report.summary().stream().filter(r -> r.variable().equals(v)).toList())));
        html.append("</div>");

        html.append("<h2>Rank histograms (PIT, 10 bins)</h2><p>Flat when the ensemble is calibrated; U-shaped when ")
                .append("it is too narrow; dome-shaped when too wide.</p><div class=\"grid\">");
        report.rankHistograms().forEach(h -> html.append(histogram(h)));
        html.append("</div>");

        html.append("<h2>Reliability diagrams</h2><div class=\"grid\">");
        report.reliability().forEach(r -> html.append(reliability(r)));
        html.append("</div>");

        if (report.fanChart() != null) {
            html.append("<h2>Example: 24 h forecasts against what happened</h2>").append(fan(report.fanChart()));
        }
        return html.append("</body></html>").toString();
    }

    private static String targets(List<TargetCheck> targets) {
        StringBuilder t = new StringBuilder("<table><tr><th>variable</th><th>horizon</th><th>criterion</th><th>value</th>")
                .append("<th>lower bound</th><th>met</th><th>shortfall</th></tr>");
        long met = targets.stream().filter(TargetCheck::met).count();
        for (TargetCheck c : targets) {
            t.append("<tr class=\"").append(c.met() ? "ok" : "miss").append("\"><td>").append(c.variable()).append("</td><td>")
                    .append(c.horizon()).append("</td><td style=\"text-align:left\">").append(esc(c.criterion()))
                    .append("</td><td>").append(num(c.value())).append("</td><td>").append(num(c.low())).append("</td><td>")
                    .append(c.met() ? "yes" : "no").append("</td><td style=\"text-align:left\">")
                    .append(c.shortfall() == null ? "" : esc(c.shortfall())).append("</td></tr>");
        }
        return "<p>" + met + " of " + targets.size() + " criteria met.</p>" + t + "</table>";
    }

    private static String scoreTable(List<SkillRow> rows) {
        StringBuilder t = new StringBuilder("<table><tr><th>variable</th><th>horizon</th><th>cases</th><th>missing obs</th>")
                .append("<th>no forecast</th><th>MAE</th><th>RMSE</th><th>bias</th><th>CRPS</th><th>CRPSS clim [95% CI]</th>")
                .append("<th>CRPSS pers [95% CI]</th><th>CRPSS same-hour pers [95% CI]</th><th>CRPSS blend [95% CI]</th>")
                .append("<th>clim. fallbacks</th><th>spread/skill</th></tr>");
        for (SkillRow r : rows) {
            t.append("<tr><td>").append(r.variable()).append("</td><td>").append(r.horizon()).append("</td><td>")
                    .append(r.cases()).append("</td><td>").append(r.missingObservations()).append("</td><td>")
                    .append(r.noForecast()).append("</td><td>").append(num(r.mae())).append("</td><td>").append(num(r.rmse()))
                    .append("</td><td>").append(num(r.bias())).append("</td><td>").append(num(r.crps())).append("</td><td>")
                    .append(interval(r.crpssClimatology())).append("</td><td>").append(interval(r.crpssPersistence()))
                    .append("</td><td>").append(interval(r.crpssDiurnalPersistence())).append("</td><td>")
                    .append(interval(r.crpssBlend())).append("</td><td>").append(r.climatologyFallbacks())
                    .append("</td><td>").append(num(r.spreadSkill())).append("</td></tr>");
        }
        return t.append("</table>").toString();
    }

    private static String skillChart(String variable, List<SkillRow> rows) {
        double lo = -0.2;
        double hi = 1.0;
        for (SkillRow r : rows) {
            lo = Math.min(lo, Math.min(finite(r.crpssClimatology().low()), Math.min(finite(r.crpssPersistence().low()),
                    finite(r.crpssBlend().low()))));
        }
        double low = Math.max(SKILL_FLOOR, Math.floor(lo * 5) / 5);
        DoubleUnaryOperator y = v -> H - PAD - (Math.max(low, Math.min(hi, v)) - low) / (hi - low) * (H - 2 * PAD);
        int n = rows.size();
        DoubleUnaryOperator x = i -> PAD + (i + 0.5) * (W - 2 * PAD) / n;
        StringBuilder svg = svgStart();
        axes(svg, y, low, hi, 0.2);
        line(svg, PAD, y.applyAsDouble(0), W - PAD, y.applyAsDouble(0), "#888", "4 2");
        for (int i = 0; i < n; i++) {
            SkillRow r = rows.get(i);
            text(svg, x.applyAsDouble(i), H - PAD + 14, r.horizon(), "middle");
            point(svg, x.applyAsDouble(i) - 6, y, r.crpssClimatology(), CLIMATE);
            point(svg, x.applyAsDouble(i), y, r.crpssPersistence(), PERSISTENCE);
            point(svg, x.applyAsDouble(i) + 6, y, r.crpssBlend(), BLEND);
        }
        return figure(svg, esc(variable) + ": CRPSS by horizon");
    }

    private static String histogram(RankHistogram h) {
        long max = 1;
        long total = 0;
        for (long c : h.counts()) {
            max = Math.max(max, c);
            total += c;
        }
        double top = Math.max(max, 1.5 * total / h.counts().length);
        StringBuilder svg = svgStart();
        DoubleUnaryOperator y = v -> H - PAD - v / top * (H - 2 * PAD);
        double bw = (double) (W - 2 * PAD) / h.counts().length;
        for (int b = 0; b < h.counts().length; b++) {
            double yy = y.applyAsDouble(h.counts()[b]);
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#8aa\"/>",
                    PAD + b * bw + 1, yy, bw - 2, H - PAD - yy));
        }
        double flat = y.applyAsDouble((double) total / h.counts().length);
        line(svg, PAD, flat, W - PAD, flat, "#444", "4 2");
        axes(svg, y, 0, top, niceStep(top));
        text(svg, PAD, H - PAD + 14, "0", "middle");
        text(svg, W - PAD, H - PAD + 14, "1", "middle");
        return figure(svg, esc(h.variable() + " " + h.horizon()));
    }

    private static String reliability(Reliability r) {
        StringBuilder svg = svgStart();
        DoubleUnaryOperator x = p -> PAD + p * (W - 2 * PAD);
        DoubleUnaryOperator y = p -> H - PAD - p * (H - 2 * PAD);
        axes(svg, y, 0, 1, 0.2);
        line(svg, x.applyAsDouble(0), y.applyAsDouble(0), x.applyAsDouble(1), y.applyAsDouble(1), "#888", "4 2");
        for (double p = 0; p <= 1.001; p += 0.2) {
            text(svg, x.applyAsDouble(p), H - PAD + 14, num1(p), "middle");
        }
        StringBuilder path = new StringBuilder();
        for (int b = 0; b < r.counts().length; b++) {
            if (r.counts()[b] == 0) {
                continue;
            }
            double px = x.applyAsDouble(r.forecastProbability()[b]);
            double py = y.applyAsDouble(r.observedFrequency()[b]);
            path.append(path.isEmpty() ? "M" : "L").append(String.format(Locale.ROOT, "%.1f %.1f ", px, py));
            double radius = 2 + Math.min(5, Math.log10(r.counts()[b] + 1));
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"><title>%d cases</title></circle>",
                    px, py, radius, CLIMATE, r.counts()[b]));
        }
        svg.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(CLIMATE).append("\"/>");
        return figure(svg, esc(r.event() + ", " + r.horizon() + ": Brier " + num(r.brier()) + ", BSS "
                + interval(r.brierSkill()) + ", base rate " + num(r.baseRate())));
    }

    private static String fan(FanChart fan) {
        List<FanPoint> points = fan.points();
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (FanPoint p : points) {
            lo = Math.min(lo, Math.min(p.p05(), p.observed()));
            hi = Math.max(hi, Math.max(p.p95(), p.observed()));
        }
        int width = 900;
        double low = Math.floor(lo);
        double high = Math.max(low + 1, Math.ceil(hi));
        long t0 = points.get(0).validTime().getEpochSecond();
        long t1 = Math.max(t0 + 1, points.get(points.size() - 1).validTime().getEpochSecond());
        DoubleUnaryOperator x = t -> PAD + (t - t0) / (double) (t1 - t0) * (width - 2 * PAD);
        DoubleUnaryOperator y = v -> 260 - PAD - (v - low) / (high - low) * (260 - 2 * PAD);
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width
                + "\" height=\"260\" viewBox=\"0 0 " + width + " 260\">");
        band(svg, points, x, y, FanPoint::p05, FanPoint::p95, "#c6dbef");
        band(svg, points, x, y, FanPoint::p25, FanPoint::p75, "#6baed6");
        polyline(svg, points, x, y, FanPoint::p50, "#08519c", "none");
        polyline(svg, points, x, y, FanPoint::observed, "#000", "3 2");
        ticks(low, high, niceStep(high - low), v -> text(svg, PAD - 4, y.applyAsDouble(v) + 3, num1(v), "end"));
        for (int i = 0; i < points.size(); i += Math.max(1, points.size() / 7)) {
            text(svg, x.applyAsDouble(points.get(i).validTime().getEpochSecond()), 260 - PAD + 14,
                    points.get(i).validTime().toString().substring(0, 10), "middle");
        }
        svg.append("</svg>");
        return "<figure class=\"wide\">" + svg + "<figcaption>" + esc(fan.station() + ", " + fan.variable() + " ("
                + fan.unit()
                + "), " + fan.horizon() + " ahead: 5-95% (light) and 25-75% (dark) of the analog ensemble, median (blue) "
                + "and observed (black, dashed)") + "</figcaption></figure>";
    }

    private static void band(StringBuilder svg, List<FanPoint> points, DoubleUnaryOperator x, DoubleUnaryOperator y,
            java.util.function.ToDoubleFunction<FanPoint> lower, java.util.function.ToDoubleFunction<FanPoint> upper,
            String fill) {
        StringBuilder d = new StringBuilder();
        for (FanPoint p : points) {
            d.append(d.isEmpty() ? "M" : "L").append(coords(x, y, p, upper));
        }
        for (int i = points.size() - 1; i >= 0; i--) {
            d.append("L").append(coords(x, y, points.get(i), lower));
        }
        svg.append("<path d=\"").append(d).append("Z\" fill=\"").append(fill).append("\"/>");
    }

    private static void polyline(StringBuilder svg, List<FanPoint> points, DoubleUnaryOperator x, DoubleUnaryOperator y,
            java.util.function.ToDoubleFunction<FanPoint> value, String stroke, String dash) {
        StringBuilder d = new StringBuilder();
        for (FanPoint p : points) {
            d.append(d.isEmpty() ? "M" : "L").append(coords(x, y, p, value));
        }
        svg.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(stroke)
                .append("\" stroke-dasharray=\"").append(dash).append("\"/>");
    }

    private static String coords(DoubleUnaryOperator x, DoubleUnaryOperator y, FanPoint p,
            java.util.function.ToDoubleFunction<FanPoint> value) {
        return String.format(Locale.ROOT, "%.1f %.1f ", x.applyAsDouble(p.validTime().getEpochSecond()),
                y.applyAsDouble(value.applyAsDouble(p)));
    }

    private static void point(StringBuilder svg, double px, DoubleUnaryOperator y, Interval interval, String color) {
        if (Double.isNaN(interval.value())) {
            return;
        }
        line(svg, px, y.applyAsDouble(interval.low()), px, y.applyAsDouble(interval.high()), color, "none");
        svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s</title></circle>",
                px, y.applyAsDouble(interval.value()), color, interval(interval)));
    }

    private static void axes(StringBuilder svg, DoubleUnaryOperator y, double low, double high, double step) {
        line(svg, PAD, PAD, PAD, H - PAD, "#444", "none");
        line(svg, PAD, H - PAD, W - PAD, H - PAD, "#444", "none");
        ticks(low, high, step, v -> text(svg, PAD - 4, y.applyAsDouble(v) + 3, num1(v), "end"));
    }

    /** Tick values from low to high; a step that would give too many (or a degenerate one) is replaced. */
    private static void ticks(double low, double high, double step, java.util.function.DoubleConsumer tick) {
        double s = step > 0 && (high - low) / step <= MAX_TICKS ? step : niceStep(high - low);
        int count = (int) Math.floor((high - low) / s + 1e-9);
        for (int i = 0; i <= Math.min(count, MAX_TICKS); i++) {
            tick.accept(low + i * s);
        }
    }

    private static StringBuilder svgStart() {
        return new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + W + "\" height=\"" + H
                + "\" viewBox=\"0 0 " + W + " " + H + "\">");
    }

    private static String figure(StringBuilder svg, String caption) {
        return "<figure>" + svg.append("</svg>") + "<figcaption>" + caption + "</figcaption></figure>";
    }

    private static void line(StringBuilder svg, double x1, double y1, double x2, double y2, String stroke, String dash) {
        svg.append(String.format(Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-dasharray=\"%s\"/>",
                x1, y1, x2, y2, stroke, dash));
    }

    private static void text(StringBuilder svg, double x, double y, String text, String anchor) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>", x, y, anchor,
                esc(text)));
    }

    private static double niceStep(double range) {
        if (!(range > 0) || Double.isInfinite(range)) {
            return 1;
        }
        double raw = range / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double[] steps = {1, 2, 5, 10};
        for (double s : steps) {
            if (raw <= s * magnitude) {
                return s * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static double finite(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private static String interval(Interval i) {
        return num(i.value()) + " [" + num(i.low()) + ", " + num(i.high()) + "]";
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String num1(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 10 || v == Math.rint(v) ? "%.0f" : "%.1f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
