package org.postbox.mailstore.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.postbox.mailstore.conformance.ConformanceFixture.content;
import static org.postbox.mailstore.conformance.TestMessages.ascii;

import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.CrlfSize;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageSource;

/**
 * Exact sizes as POP3 announces them (every line end as CRLF, see {@link CrlfSize}) and content
 * streamed back exactly as delivered, line ends untouched. The expected sizes are counted by hand.
 */
public interface MessageSizeContract extends ConformanceFixture {

    @Test
    default void lfLineEndsCountAsCrlf() {
        assertStoredExactly(ascii("Subject: a\n\nhello\n"), 21);
    }

    @Test
    default void crlfLineEndsCountAsThemselves() {
        assertStoredExactly(ascii("Subject: a\r\n\r\nhello\r\n"), 21);
    }

    @Test
    default void aBareCrCountsAsOneOctet() {
        assertStoredExactly(ascii("a\rb\r\n"), 5);
    }

    @Test
    default void aMessageWithoutFinalLineEndIsNotExtended() {
        assertStoredExactly(ascii("Subject: a\n\nhello"), 19);
    }

    @Test
    default void mixedLineEndsAreCountedOneByOne() {
        // a CR LF | b LF(+1) | c CR CR LF: the last LF follows a CR
        assertStoredExactly(ascii("a\r\nb\nc\r\r\n"), 10);
    }

    @Test
    default void aLeadingLfCountsAsCrlf() {
        assertStoredExactly(ascii("\nX"), 3);
    }

    @Test
    default void eightBitOctetsCountAsThemselves() {
        byte[] mail = {'S', 'u', 'b', ':', ' ', (byte) 0xE9, (byte) 0xFF, (byte) 0x80, '\n', '\n', 'x', (byte) 0xC3, (byte) 0xA9};
        assertStoredExactly(mail, 15);
    }

    @Test
    default void anEmptyMessageHasSizeZero() {
        assertStoredExactly(new byte[0], 0);
    }

    /** Streams a few megabytes in and out without holding them: the sizes and a digest must match. */
    @Test
    default void aLargeMessageStreamsInAndOutUnchanged() throws IOException {
        MailboxAddress alice = mailbox("alice@example.org");
        GeneratedMessage large = new GeneratedMessage(6L * 1024 * 1024 + 17);
        long expectedSize;
        byte[] expectedDigest;
        try (InputStream in = large.open()) {
            expectedSize = CrlfSize.of(in);
        }
        try (InputStream in = large.open()) {
            expectedDigest = GeneratedMessage.sha256(in);
        }

        deliver(store(), alice, large);

        try (Maildrop maildrop = store().open(alice); InputStream in = maildrop.content(1)) {
            assertThat(maildrop.messages().get(0).size()).isEqualTo(expectedSize).isGreaterThan(large.length());
            assertThat(GeneratedMessage.sha256(in)).isEqualTo(expectedDigest);
        }
    }

    private void assertStoredExactly(byte[] mail, long expectedSize) {
        assertThat(CrlfSize.of(mail)).as("the suite's own arithmetic").isEqualTo(expectedSize);
        MailboxAddress alice = mailbox("alice@example.org");

        deliver(store(), alice, MessageSource.of(mail));

        try (Maildrop maildrop = store().open(alice)) {
            assertThat(maildrop.messages()).singleElement().satisfies(m -> assertThat(m.size()).isEqualTo(expectedSize));
            assertThat(content(maildrop, 1)).isEqualTo(mail);
        }
        try (Maildrop maildrop = secondInstance().open(alice)) {
            assertThat(maildrop.messages().get(0).size()).as("size seen by another instance").isEqualTo(expectedSize);
        }
    }
}
