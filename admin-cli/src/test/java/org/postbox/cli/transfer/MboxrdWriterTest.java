package org.postbox.cli.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MboxrdWriterTest {

    private static final Instant DATE = Instant.parse("2025-03-07T09:05:03Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "From a line            | \"From x\\n\"             | \">From x\\n\"",
        "quoted already         | \">>From x\\n\"           | \">>>From x\\n\"",
        "no space after From    | \"From\\nFromage\\n\"     | \"From\\nFromage\\n\"",
        "not at a line start    | \"a From x\\n\"           | \"a From x\\n\"",
        "quotes without From    | \">>Fro\\n>\\n\"          | \">>Fro\\n>\\n\"",
        "CRLF becomes LF        | \"a\\r\\nFrom b\\r\\n\"  | \"a\\n>From b\\n\"",
        "a lone CR stays        | \"a\\rb\\n\"             | \"a\\rb\\n\"",
        "no line end at the end | \"x\\n>>Fro\"            | \"x\\n>>Fro\\n\"",
        "ends inside From_      | \"x\\nFrom \"             | \"x\\n>From \\n\"",
        "ends on a CR           | \"x\\r\"                  | \"x\\r\\n\"",
    })
    void quotesFromLinesAndEndsOnALineEnd(String name, String message, String quoted) throws IOException {
        assertThat(write(unescape(message))).isEqualTo("From MAILER-DAEMON Fri Mar  7 09:05:03 2025\n"
                + unescape(quoted) + "\n");
    }

    @Test
    void quotingDoesNotDependOnHowTheInputIsCutIntoReads() throws IOException {
        String message = "Subject: s\r\n\r\n>>>From me\r\nFrom you\r\n";
        InputStream oneAtATime = new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        new MboxrdWriter(out).write("MAILER-DAEMON", DATE, oneAtATime);

        assertThat(out.toString(StandardCharsets.US_ASCII)).endsWith("\n\n>>>>From me\n>From you\n\n");
    }

    private static String write(String message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MboxrdWriter(out).write("MAILER-DAEMON", DATE, new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)));
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static String unescape(String text) {
        return text.replace("\\r", "\r").replace("\\n", "\n");
    }
}
