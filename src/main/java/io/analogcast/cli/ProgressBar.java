package io.analogcast.cli;

import java.io.PrintStream;

/**
 * A one-line text progress bar: redrawn in place on a terminal, printed every 10% otherwise (logs, CI).
 */
public final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean interactive;
    private final long started = System.nanoTime();
    private int lastDecile = -1;

    public ProgressBar(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    public static ProgressBar onStderr() {
        return new ProgressBar(System.err, System.console() != null);
    }

    public synchronized void update(double fraction, String label) {
        double f = Math.max(0, Math.min(1, fraction));
        int filled = (int) Math.round(f * WIDTH);
        String line = "[%s%s] %3d%%  %5.1fs  %s".formatted("#".repeat(filled), ".".repeat(WIDTH - filled),
                Math.round(f * 100), (System.nanoTime() - started) / 1e9, label);
        if (interactive) {
            out.print("\r" + line + " ".repeat(10));
            if (f >= 1) {
                out.println();
            }
            out.flush();
        } else {
            int decile = (int) (f * 10);
            if (decile != lastDecile) {
                lastDecile = decile;
                out.println(line);
            }
        }
    }
}
