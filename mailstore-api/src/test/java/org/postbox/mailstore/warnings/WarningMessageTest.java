package org.postbox.mailstore.warnings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.MailboxAddress;

class WarningMessageTest {

    private static final MailboxAddress ALICE = MailboxAddress.parse("alice@example.org");
    private static final MailboxAddress POSTMASTER = MailboxAddress.parse("postmaster@example.org");

    @Test
    void anRfc5322MessageWithCrlfLineEndsAndAMimeTextBody() {
        byte[] message = WarningMessage.compose(ALICE, POSTMASTER, Instant.parse("2026-01-02T03:04:05Z"), 95,
                new WarningTemplate.Rendered("Mailbox full", "Größe: 95%\nbye\n"));
        String text = new String(message, StandardCharsets.UTF_8);

        assertThat(text).matches("(?s)Date: Fri, 2 Jan 2026 03:04:05 \\+0000\r\n"
                + "From: postmaster@example.org\r\n"
                + "To: alice@example.org\r\n"
                + "Subject: Mailbox full\r\n"
                + "Message-ID: <[0-9a-f-]{36}\\.quota-warning@example\\.org>\r\n"
                + "MIME-Version: 1\\.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n"
                + "Auto-Submitted: auto-generated\r\n"
                + "X-Postbox-Quota-Warning: 95\r\n"
                + "\r\n"
                + "Größe: 95%\r\nbye\r\n");
    }

    @Test
    void aSubjectBeyondAsciiIsEncodedInWordsThatNeverSplitACharacter() {
        String subject = "Ihr Postfach ist zu 95 % voll — bitte löschen Sie alte Nachrichten, Größe überschritten";

        String encoded = WarningMessage.encoded(subject);

        StringBuilder decoded = new StringBuilder();
        for (String word : encoded.split("\r\n ")) {
            assertThat(word).startsWith("=?UTF-8?B?").endsWith("?=");
            assertThat(word.length()).isLessThanOrEqualTo(75);
            decoded.append(new String(Base64.getDecoder().decode(word.substring(10, word.length() - 2)),
                    StandardCharsets.UTF_8));
        }
        assertThat(encoded.split("\r\n ")).hasSizeGreaterThan(1);
        assertThat(decoded.toString()).isEqualTo(subject);
        assertThat(WarningMessage.encoded("plain ASCII")).isEqualTo("plain ASCII");
    }

    @Test
    void sizesReadAsMailClientsShowThem() {
        assertThat(WarningMessage.readable(999)).isEqualTo("999 bytes");
        assertThat(WarningMessage.readable(1536)).isEqualTo("1.5 KB");
        assertThat(WarningMessage.readable(5L << 30)).isEqualTo("5.0 GB");
    }
}
