package io.analogcast.verification;

import java.util.Locale;

/** The live verification report as one self-contained HTML page: a skill table and a PIT histogram per row. */
final class LiveReportPage {

    private LiveReportPage() {
    }

    static String render(LiveVerification.LiveReport report) {
        StringBuilder html = new StringBuilder(4096);
        html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Analogcast live verification</title>")
                .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#eee}")
                .append(".neg{color:#b00}</style></head><body>")
                .append("<h1>Live verification</h1><p>Forecasts issued ").append(report.from()).append(" to ")
                .append(report.to()).append(" (").append(report.days()).append(" days), station ")
                .append(report.station() == null ? "all" : escape(report.station())).append(": ")
                .append(report.scoredCases()).append(" scored cases.</p><p>").append(escape(report.method()))
                .append("</p>");
        if (report.rows().isEmpty()) {
            html.append("<p>No forecast of this period has been scored yet.</p>");
        } else {
            html.append("<table><tr><th>variable</th><th>horizon</th><th>cases</th><th>CRPS</th>")
                    .append("<th>CRPSS vs persistence</th><th>CRPSS vs climatology</th><th>PIT histogram</th></tr>");
            for (LiveVerification.SkillRow row : report.rows()) {
                html.append("<tr><td>").append(escape(row.variable())).append("</td><td>").append(row.horizon())
                        .append("</td><td>").append(row.cases()).append("</td><td>").append(number(row.crps()))
                        .append("</td>").append(skill(row.crpssPersistence())).append(skill(row.crpssClimatology()))
                        .append("<td>").append(histogram(row.pitHistogram())).append("</td></tr>");
            }
            html.append("</table><p>A calibrated forecast has a flat PIT histogram; a U shape means too little spread, "
                    + "a hump too much.</p>");
        }
        return html.append("</body></html>").toString();
    }

    private static String skill(Double value) {
        return value == null ? "<td>-</td>"
                : "<td" + (value < 0 ? " class=\"neg\"" : "") + ">" + number(value) + "</td>";
    }

    private static String histogram(long[] counts) {
        long max = 1;
        for (long c : counts) {
            max = Math.max(max, c);
        }
        StringBuilder svg = new StringBuilder("<svg width=\"120\" height=\"30\" viewBox=\"0 0 120 30\">");
        for (int i = 0; i < counts.length; i++) {
            double h = 28.0 * counts[i] / max;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"10\" height=\"%.1f\" fill=\"#4a7\"/>",
                    i * 12, 30 - h, h));
        }
        return svg.append("</svg>").toString();
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
