package org.postbox.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on 127.0.0.1 that a test can cut, like a network partition between a daemon and
 * its database: {@link #cut()} resets every forwarded connection and refuses new ones (they are
 * accepted and reset at once) until {@link #restore()}. Each connection costs two threads, which
 * is plenty for a connection pool or two.
 */
final class TcpForwarder implements AutoCloseable {
    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile boolean closed;

    private TcpForwarder(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tcp-forwarder-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Forwards a port of 127.0.0.1 to {@code host:port}. */
    static TcpForwarder to(String host, int port) {
        try {
            return new TcpForwarder(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Resets every forwarded connection, and every new one until {@link #restore()}. */
    void cut() {
        cut = true;
        open.forEach(this::reset);
    }

    void restore() {
        cut = false;
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // nothing more to stop
        }
        open.forEach(this::reset);
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (cut) {
                reset(client);
                continue;
            }
            Socket server = new Socket();
            try {
                server.connect(target, 5_000);
            } catch (IOException e) {
                reset(client);
                closeQuietly(server);
                continue;
            }
            open.add(client);
            open.add(server);
            if (cut) { // cut while this one was connecting
                reset(client);
                reset(server);
                continue;
            }
            pump(client, server);
            pump(server, client);
        }
    }

    /** Copies one direction until either side ends, then ends both. */
    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // One side went away; the other follows below.
            } finally {
                reset(from);
                reset(to);
            }
        }, "tcp-forwarder-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** Closes with an RST, so that both ends notice at once rather than after their timeouts. */
    private void reset(Socket socket) {
        open.remove(socket);
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
