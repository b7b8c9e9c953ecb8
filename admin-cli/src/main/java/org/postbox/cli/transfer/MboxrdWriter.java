package org.postbox.cli.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Writes messages in the mboxrd format (as in qmail's mbox(5)): each message after a
 * {@code From } separator line and followed by an empty line, with LF line ends, and every line
 * that is {@code From } after any number of {@code >} quoted with one more {@code >}, so that
 * reading strips exactly one and gets the message back. The quoting is done on the fly, octet by
 * octet, in constant memory whatever the length of a line.
 */
public final class MboxrdWriter {

    private static final byte[] FROM = "From ".getBytes(StandardCharsets.US_ASCII);
    /** asctime(3) as mbox separators carry it, in UTC. */
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final OutputStream out;

    public MboxrdWriter(OutputStream out) {
        this.out = out;
    }

    /** Appends one message: its separator line with {@code sender} and {@code date}, then its content. */
    public void write(String sender, Instant date, InputStream message) throws IOException {
        out.write(("From " + sender + " " + ASCTIME.format(date) + "\n").getBytes(StandardCharsets.US_ASCII));
        Quoting quoting = new Quoting();
        byte[] buffer = new byte[64 * 1024];
        int read;
        while ((read = message.read(buffer)) > 0) {
            for (int i = 0; i < read; i++) {
                quoting.next(buffer[i]);
            }
        }
        quoting.end();
        out.write('\n');
    }

    /** The state of one message: where in a line it is, and what it has held back. */
    private final class Quoting {
        private boolean lineStart = true;
        /** At the start of a line: the {@code >} seen so far, then how much of {@code From } matched. */
        private long quotes;
        private int matched;
        private boolean carriageReturn;
        private boolean lastWasLineEnd = true;

        void next(byte b) throws IOException {
            if (carriageReturn) {
                carriageReturn = false;
                if (b == '\n') {
                    emit((byte) '\n');
                    return;
                }
                emit((byte) '\r'); // a lone CR is content
            }
            if (b == '\r') {
                carriageReturn = true;
                return;
            }
            emit(b);
        }

        /** One octet with CRLF already made LF. */
        private void emit(byte b) throws IOException {
            if (lineStart) {
                if (matched == 0 && b == '>') {
                    quotes++;
                    return;
                }
                if (b == FROM[matched]) {
                    matched++;
                    if (matched == FROM.length) {
                        writeQuotes(quotes + 1);
                        out.write(FROM);
                        lineStart = false;
                        lastWasLineEnd = false;
                    }
                    return;
                }
                flushHeld();
                lineStart = false;
            }
            out.write(b);
            lastWasLineEnd = b == '\n';
            if (b == '\n') {
                lineStart = true;
                quotes = 0;
                matched = 0;
            }
        }

        /** What a line started with, written as it was: it turned out not to be a From_ line. */
        private void flushHeld() throws IOException {
            writeQuotes(quotes);
            out.write(FROM, 0, matched);
            lastWasLineEnd = quotes == 0 && matched == 0 && lastWasLineEnd;
        }

        private void writeQuotes(long count) throws IOException {
            for (long i = 0; i < count; i++) {
                out.write('>');
            }
        }

        /** Ends the message on a line end, so that the empty line after it separates it. */
        void end() throws IOException {
            if (carriageReturn) {
                carriageReturn = false;
                emit((byte) '\r');
            }
            if (lineStart && (quotes > 0 || matched > 0)) {
                flushHeld();
                lastWasLineEnd = false;
            }
            if (!lastWasLineEnd) {
                out.write('\n');
            }
        }
    }
}
