package org.postbox.session.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the protocol tests rely on in {@link LineClient} beyond reading lines: the octet count,
 * the two ways to see the server hang up, and that nothing the server sent in the clear can be
 * skipped over by a switch to TLS. The server is a plain socket on 127.0.0.1 that writes what
 * each test gives it.
 */
class LineClientTest {

    private final ExecutorService serverThreads = Executors.newCachedThreadPool();
    private ServerSocket server;
    /** Released by a test when the server may close its end. */
    private final CountDownLatch hangUp = new CountDownLatch(1);

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws IOException {
        hangUp.countDown();
        server.close();
        serverThreads.shutdownNow();
    }

    /** Accepts one connection, writes {@code octets} in one write, then closes once {@link #hangUp} is released. */
    private CompletableFuture<Void> serve(String octets) {
        return CompletableFuture.runAsync(() -> {
            try (Socket accepted = server.accept()) {
                OutputStream out = accepted.getOutputStream();
                out.write(octets.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                assertThat(hangUp.await(30, TimeUnit.SECONDS)).as("released").isTrue();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, serverThreads);
    }

    private InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    @Test
    void countsEveryOctetTakenFromTheServerWithItsLineEnds() throws Exception {
        CompletableFuture<Void> served = serve("one\r\ntwo\r\nand the rest");
        try (LineClient client = LineClient.connect(address(), StandardCharsets.US_ASCII)) {
            assertThat(client.readLine()).isEqualTo("one");
            assertThat(client.receivedOctets()).isEqualTo(5);
            hangUp.countDown();
            client.readToEndOfStream();
            assertThat(client.receivedOctets()).isEqualTo(22);
        }
        served.get(30, TimeUnit.SECONDS);
    }

    @Test
    void drainingSeesTheCloseBehindOutputThatTheStrictCheckRefuses() throws Exception {
        serve("bye\r\n");
        try (LineClient strict = LineClient.connect(address(), StandardCharsets.US_ASCII)) {
            hangUp.countDown();
            assertThat(strict.isClosedByServer()).as("a line still to read is no close").isFalse();
        }
        serve("bye\r\n");
        try (LineClient draining = LineClient.connect(address(), StandardCharsets.US_ASCII)) {
            assertThat(draining.isClosedByServerAfterDraining()).isTrue();
        }
    }

    @Test
    void aServerThatStaysOpenIsNotClosedOnceTheReadTimeoutPasses() throws Exception {
        serve("still here\r\n");
        try (LineClient client = LineClient.connect(address(), StandardCharsets.US_ASCII)) {
            client.readTimeout(Duration.ofMillis(200));
            assertThat(client.isClosedByServerAfterDraining()).isFalse();
            assertThat(client.receivedOctets()).isEqualTo(12);
        }
    }

    @Test
    void aSocketConnectedByTheTestGetsTheReadTimeoutUnlessItHasOne() throws Exception {
        serve("");
        try (Socket socket = new Socket(server.getInetAddress(), server.getLocalPort());
                LineClient client = LineClient.over(socket, StandardCharsets.US_ASCII)) {
            assertThat(client.socket().getSoTimeout()).isEqualTo(LineClient.READ_TIMEOUT_MILLIS);
        }
        serve("");
        try (Socket socket = new Socket(server.getInetAddress(), server.getLocalPort())) {
            socket.setSoTimeout(1234);
            assertThat(LineClient.over(socket, StandardCharsets.US_ASCII).socket().getSoTimeout()).isEqualTo(1234);
        }
    }

    @Test
    void octetsInTheClearAfterTheGoAheadFailTheSwitchToTls() throws Exception {
        serve("+OK go\r\nUSER x\r\n");
        try (LineClient client = LineClient.connect(address(), StandardCharsets.US_ASCII)) {
            // All of it arrived before the first read, so the read buffer holds what follows the line.
            await().atMost(Duration.ofSeconds(10)).until(() -> client.input().available() == 16);
            assertThat(client.readLine()).isEqualTo("+OK go");
            assertThatThrownBy(() -> client.startTls(SSLContext.getDefault(), null))
                    .isInstanceOf(SSLException.class)
                    .hasMessage("8 octets arrived in the clear after the reply to switch to TLS");
        }
    }

    @Test
    void aPlainConnectionHasNoTlsSession() throws Exception {
        serve("");
        try (LineClient client = LineClient.connect(address(), StandardCharsets.US_ASCII)) {
            assertThatThrownBy(client::tlsSession).isInstanceOf(IllegalStateException.class);
        }
    }
}
