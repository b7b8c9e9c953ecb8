package org.postbox.lmtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 50 MB message goes through in bounded memory: the module's tests run with a heap smaller
 * than the message (see the surefire argLine), the test generates it line by line as it sends
 * it, and compares digests, never copies.
 */
class LargeMessageTest {

    private static final long MESSAGE_OCTETS = 50L * 1000 * 1000;

    @TempDir
    Path temp;

    @Test
    void fiftyMegabytesAreStreamedAndStoredExactly() throws Exception {
        try (TestServer server = TestServer.start(temp)) {
            server.addMailbox("alice@example.com");
            String expectedDigest;
            long expectedOctets;
            try (LmtpTestClient client = server.connect()) {
                client.reply();
                DeliveryTest.transaction(client, "<bob@example.org> SIZE=" + MESSAGE_OCTETS, List.of("alice@example.com"));
                GeneratedMessage message = new GeneratedMessage(MESSAGE_OCTETS);
                message.writeStuffed(client.output());
                client.output().write(".\r\n".getBytes(StandardCharsets.US_ASCII));
                client.output().flush();
                expectedDigest = message.digest();
                expectedOctets = message.octets();
                assertThat(client.reply()).startsWith("250 2.0.0 <alice@example.com> delivered (");
            }
            assertThat(expectedOctets).isEqualTo(MESSAGE_OCTETS);

            try (Maildrop maildrop = server.store().open(MailboxAddress.parse("alice@example.com"));
                 InputStream stored = maildrop.content(1)) {
                long traceOctets = skipTraceHeaders(stored);
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[64 * 1024];
                long body = 0;
                int n;
                while ((n = stored.read(buffer)) > 0) {
                    digest.update(buffer, 0, n);
                    body += n;
                }
                assertThat(body).isEqualTo(MESSAGE_OCTETS);
                assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(expectedDigest);
                assertThat(maildrop.messages().get(0).size()).isEqualTo(traceOctets + MESSAGE_OCTETS);
            }
            assertThat(server.spoolFiles()).isZero();
        }
    }

    /** Reads the five trace header lines; returns their octets. */
    private static long skipTraceHeaders(InputStream in) throws IOException {
        long octets = 0;
        int lines = 0;
        while (lines < 5) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("message ended inside the trace headers");
            }
            octets++;
            if (b == '\n') {
                lines++;
            }
        }
        return octets;
    }

    /**
     * Text lines of varying length, some starting with a dot (sent stuffed), generated on the fly
     * to an exact total size; the digest is of the message as it must be stored.
     */
    private static final class GeneratedMessage {
        private final long size;
        private final MessageDigest digest;
        private long octets;

        GeneratedMessage(long size) throws Exception {
            this.size = size;
            this.digest = MessageDigest.getInstance("SHA-256");
        }

        void writeStuffed(OutputStream out) throws IOException {
            byte[] header = "Subject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            digest.update(header);
            octets += header.length;
            out.write(header);
            byte[] wire = new byte[64 * 1024];
            int wireLength = 0;
            long lineNumber = 0;
            while (octets < size) {
                long left = size - octets;
                int length = 20 + (int) (lineNumber % 60);
                if (left - length < 20) {
                    // The last line takes the rest, so that every line, the last too, ends with CRLF.
                    length = (int) left;
                }
                byte[] line = new byte[length];
                for (int i = 0; i < length - 2; i++) {
                    line[i] = (byte) ('a' + (lineNumber + i) % 26);
                }
                if (lineNumber % 7 == 0) {
                    line[0] = '.';
                }
                line[length - 2] = '\r';
                line[length - 1] = '\n';
                digest.update(line);
                octets += length;
                if (wireLength + length + 1 > wire.length) {
                    out.write(wire, 0, wireLength);
                    wireLength = 0;
                }
                if (line[0] == '.') {
                    wire[wireLength++] = '.';
                }
                System.arraycopy(line, 0, wire, wireLength, length);
                wireLength += length;
                lineNumber++;
            }
            out.write(wire, 0, wireLength);
        }

        long octets() {
            return octets;
        }

        String digest() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
