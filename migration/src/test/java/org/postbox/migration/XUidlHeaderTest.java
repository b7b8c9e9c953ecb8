package org.postbox.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XUidlHeaderTest {

    @TempDir
    Path dir;

    @Test
    void theFirstXUidlFieldOfTheHeaderCounts() throws IOException {
        assertThat(read("From: a\r\nX-UIDL: 4f1c2a9e3b7d4c6e\r\nX-UIDL: second\r\n\r\nbody\r\n"))
                .contains(new UidlOutcome.Valid("4f1c2a9e3b7d4c6e"));
        assertThat(read("x-uidl:\t abc  \nSubject: s\n\n")).contains(new UidlOutcome.Valid("abc"));
        assertThat(read("X-UIDL : spaced-name\n\n")).contains(new UidlOutcome.Valid("spaced-name"));
    }

    @Test
    void onlyTheHeaderSectionIsRead() throws IOException {
        assertThat(read("From: a\n\nX-UIDL: in-the-body\n")).isEmpty();
        assertThat(read("From: a\nX-UIDL-Extra: no\n\n")).isEmpty();
        assertThat(read("")).isEmpty();
    }

    @Test
    void aValueRfc1939DoesNotAllowIsAWarningNotACrash() throws IOException {
        assertThat(read("X-UIDL: legacy-\n  uidl\nFrom: a\n\n")).contains(new UidlOutcome.Invalid("legacy-  uidl",
                "the UIDL contains a space at position 8; RFC 1939 allows only the characters 0x21 to 0x7E"
                        + " (the X-UIDL header is folded over 2 lines)"));
        assertThat(read("X-UIDL:\n\n")).contains(new UidlOutcome.Invalid("", "the UIDL is empty"));
        assertThat(read("X-UIDL: " + "u".repeat(71) + "\n\n")).get().isInstanceOf(UidlOutcome.Invalid.class);
        assertThat(read("X-UIDL: caf\u00e9\n\n")).get().isInstanceOf(UidlOutcome.Invalid.class);
    }

    @Test
    void readsTheMessagesDovecotServedWithPop3ReuseXuidl() throws IOException {
        Path maildir = Fixtures.dovecot().resolve("mail/example.com/grace/Maildir");
        String firstAnswer = Fixtures.answers(Fixtures.dovecot().resolve("answers/grace.xuidl")).get(0).uidl();

        Path first = Fixtures.messageFile(maildir, Fixtures.messageFiles(maildir).get(0));

        assertThat(XUidlHeader.read(first)).contains(new UidlOutcome.Valid(firstAnswer));
    }

    private Optional<UidlOutcome> read(String message) throws IOException {
        Path file = Files.createTempFile(dir, "message", "");
        Files.writeString(file, message, StandardCharsets.UTF_8);
        return XUidlHeader.read(file);
    }
}
