package org.postbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    private final StringWriter text = new StringWriter();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final ProgressLine line = new ProgressLine(new PrintWriter(text), nanos::get);

    @Test
    void redrawsInPlaceAtMostFiveTimesASecond() {
        line.update("1 message");
        line.update("2 messages");
        nanos.addAndGet(200_000_000L);
        line.update("3 messages");

        assertThat(text.toString()).isEqualTo("\r\u001b[K1 message\r\u001b[K3 messages");
    }

    @Test
    void linesGoAboveItAndItComesBackAtOnce() {
        line.update("1 message");
        line.println("alice@example.com: created");
        line.update("2 messages");
        line.clear();

        assertThat(text.toString()).isEqualTo("\r\u001b[K1 message\r\u001b[Kalice@example.com: created"
                + System.lineSeparator() + "\r\u001b[K2 messages\r\u001b[K");
    }
}
