package org.postbox.system;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

import org.awaitility.core.ConditionTimeoutException;

/** Ports on 127.0.0.1, the only address these tests send anything to. */
public final class Loopback {

    public static final String HOST = "127.0.0.1";

    private Loopback() {
    }

    /** A port nobody listens on just now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until {@code port} accepts connections, failing early with the server's words if it exits. */
    static void awaitListening(int port, ChildProcess server, Duration limit) {
        try {
            await().atMost(limit).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!server.isAlive()) {
                    throw new AssertionError(server.describe() + " exited before listening on port " + port + "; it said:\n"
                            + server.output());
                }
                return listening(port);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(server.describe() + " did not listen on port " + port + " within " + limit.toSeconds()
                    + " s; it said:\n" + server.output(), e);
        }
    }

    /** Waits until nothing listens on {@code port}: a stopped server's last processes may hold it a moment longer. */
    static void awaitClosed(int port, Duration limit) {
        await("port " + port + " closed").atMost(limit).pollInterval(Duration.ofMillis(50)).until(() -> !listening(port));
    }
}
