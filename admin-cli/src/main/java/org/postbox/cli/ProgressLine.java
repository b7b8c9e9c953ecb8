package org.postbox.cli;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * One line on a terminal, redrawn in place as a long command goes on: a carriage return, the
 * text, and the ANSI "erase to end of line". Lines printed meanwhile go above it. Redraws are
 * limited to a few per second, since a terminal that scrolls slowly would hold the work back.
 */
final class ProgressLine {
    private static final String ERASE = "\r\u001b[K";
    private static final long INTERVAL_NANOS = 200_000_000L;

    private final PrintWriter out;
    private final LongSupplier clock;
    private long lastDrawn;
    private boolean shown;

    ProgressLine(PrintWriter out, LongSupplier nanoClock) {
        this.out = out;
        this.clock = nanoClock;
        this.lastDrawn = nanoClock.getAsLong() - INTERVAL_NANOS;
    }

    /** Shows {@code text} unless the line was drawn a moment ago. */
    void update(String text) {
        long now = clock.getAsLong();
        if (now - lastDrawn < INTERVAL_NANOS) {
            return;
        }
        lastDrawn = now;
        out.print(ERASE + text);
        out.flush();
        shown = true;
    }

    /** Prints {@code line} above the progress line, which the next update draws again. */
    void println(String line) {
        clear();
        out.println(line);
        out.flush();
    }

    /** Removes the progress line. */
    void clear() {
        if (shown) {
            out.print(ERASE);
            shown = false;
            // The next update draws at once: the line must not stay away for long.
            lastDrawn = clock.getAsLong() - INTERVAL_NANOS;
        }
    }
}
