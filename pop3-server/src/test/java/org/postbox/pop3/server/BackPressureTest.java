package org.postbox.pop3.server;

import org.postbox.mailstore.jpa.testing.StoreFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postbox.mailstore.jpa.testing.PostgresExtension;
import org.postbox.pop3.protocol.ReplyChunks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that reads slowly still receives a multi-megabyte message intact, while the server
 * keeps only about the high-water mark queued for it: production waits for the network.
 */
class BackPressureTest {

    /**
     * The 128 KiB high-water mark, plus the chunk that may cross it, plus the status line. A
     * literal on purpose: the bound is the requirement, not whatever the constant says.
     */
    private static final long QUEUE_BOUND = 128 * 1024 + ReplyChunks.CHUNK_SIZE + 1024;

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @TempDir
    Path temp;

    static Iterable<StoreFixture> stores() {
        return StoreFixture.all(POSTGRES);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void slowReaderGetsTheWholeMessageWhileTheServerQueueStaysBounded(StoreFixture fixture) throws Exception {
        // Larger than what loopback socket buffers can absorb, so the pump must wait for the reader.
        GeneratedMessage message = GeneratedMessage.ofAbout(16L * 1024 * 1024);
        try (TestServer server = TestServer.start(fixture, temp, TestSettings.defaults().build())) {
            server.addMailbox("alice@example.com", "secret");
            server.deliver("alice@example.com", message);

            try (Pop3TestClient client = Pop3TestClient.connect(server.address(), 32 * 1024)) {
                assertThat(client.readLine()).isEqualTo("+OK Postbox ready.");
                client.send("USER alice@example.com");
                client.send("PASS secret");
                assertThat(client.readLine()).isEqualTo("+OK send PASS");
                assertThat(client.readLine()).startsWith("+OK alice@example.com has 1 messages");

                client.send("RETR 1");
                // The client does not read: the server fills the socket buffers, then its own queue,
                // which must stop growing at the mark. Without back-pressure it would take the
                // megabytes the sockets cannot.
                await().atMost(Duration.ofSeconds(20)).during(Duration.ofMillis(500))
                        .until(() -> server.acceptor().scheduledWriteBytes() > 0);
                await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                        .until(() -> {
                            long queued = server.acceptor().scheduledWriteBytes();
                            return queued > 0 && queued <= QUEUE_BOUND;
                        });

                assertThat(client.readLine()).isEqualTo("+OK " + message.crlfSize() + " octets");
                MessageDigest digest = GeneratedMessage.sha256();
                long maxQueued = 0;
                int lines = 0;
                for (byte[] line = client.readLineBytes(); ; line = client.readLineBytes()) {
                    assertThat(line).as("line %d", lines).isNotNull();
                    if (line.length == 1 && line[0] == '.') {
                        break;
                    }
                    int offset = line.length > 0 && line[0] == '.' ? 1 : 0;
                    if (offset == 1) {
                        assertThat(line.length).as("a stuffed line has more than the dot").isGreaterThan(1);
                    }
                    digest.update(line, offset, line.length - offset);
                    digest.update("\r\n".getBytes(StandardCharsets.US_ASCII));
                    lines++;
                    if (lines % 512 == 0) {
                        maxQueued = Math.max(maxQueued, server.acceptor().scheduledWriteBytes());
                    }
                }
                assertThat(lines).isEqualTo(message.lineCount());
                assertThat(digest.digest()).isEqualTo(message.crlfDigest());
                assertThat(maxQueued).as("octets queued for the slow client").isLessThanOrEqualTo(QUEUE_BOUND);

                client.send("QUIT");
                assertThat(client.readLine()).isEqualTo("+OK Postbox signing off (1 messages left)");
            }
        }
    }
}
