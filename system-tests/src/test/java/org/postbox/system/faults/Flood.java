package org.postbox.system.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * The abusive clients a POP3 server on the Internet meets all day, each started on an {@link
 * Attacker} against a daemon's ports and kept up until the attacker is closed.
 */
enum Flood {

    /** Many connections, each sending one octet a second of a line that never ends. */
    SLOWLORIS {
        @Override
        void start(Attacker attacker, Ports ports, int connections) {
            attacker.repeat("slowloris-open", () -> holdOpen(attacker, ports.pop3(), connections, socket -> { }));
            attacker.every(1000, () -> {
                for (Socket socket : List.copyOf(attacker.openSockets())) {
                    try {
                        socket.getOutputStream().write('A');
                    } catch (IOException e) {
                        attacker.drop(socket);
                    }
                }
            });
        }
    },

    /** Lines of 1 MiB, one after another on a connection for as long as the daemon reads them, then on a new one. */
    LONG_LINES {
        @Override
        void start(Attacker attacker, Ports ports, int connections) {
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            for (int i = 0; i < 2; i++) {
                attacker.repeat("long-lines-" + i, () -> {
                    Socket socket = attacker.connect(ports.pop3());
                    try {
                        OutputStream out = socket.getOutputStream();
                        InputStream in = socket.getInputStream();
                        readLine(in);
                        while (!attacker.stopped()) {
                            out.write("USER ".getBytes(StandardCharsets.US_ASCII));
                            for (int written = 0; written < MIB; written += chunk.length) {
                                out.write(chunk);
                            }
                            out.write(CRLF);
                            attacker.sent();
                            readLine(in);
                        }
                    } finally {
                        attacker.drop(socket);
                    }
                });
            }
        }

        @Override
        boolean ramped(Attacker attacker, int connections) {
            return attacker.connections() >= 2;
        }

        @Override
        long injected(Attacker attacker) {
            return attacker.sentCount();
        }
    },

    /** Random octets, 1 MiB a connection: what a port scanner or a confused client sends. */
    BINARY_GARBAGE {
        @Override
        void start(Attacker attacker, Ports ports, int connections) {
            for (int i = 0; i < 2; i++) {
                Random random = new Random(14 + i);
                byte[] chunk = new byte[64 * 1024];
                attacker.repeat("garbage-" + i, () -> {
                    Socket socket = attacker.connect(ports.pop3());
                    try {
                        OutputStream out = socket.getOutputStream();
                        for (int written = 0; written < MIB; written += chunk.length) {
                            random.nextBytes(chunk);
                            out.write(chunk);
                        }
                        drain(socket);
                    } finally {
                        attacker.drop(socket);
                    }
                });
            }
        }

        @Override
        boolean ramped(Attacker attacker, int connections) {
            return attacker.connections() >= 2;
        }
    },

    /**
     * TLS handshakes on the POP3S listener that never finish: many connections that sent a
     * ClientHello and stay silent after it, and one client that keeps making the server answer
     * new hellos (its key exchange and signature) and leaves each one there.
     */
    TLS_NEVER_FINISHED {
        @Override
        void start(Attacker attacker, Ports ports, int connections) {
            byte[] hello = clientHello();
            attacker.repeat("tls-hold", () -> holdOpen(attacker, ports.pop3s(), connections,
                    socket -> socket.getOutputStream().write(hello)));
            attacker.repeat("tls-churn", () -> {
                Socket socket = attacker.connect(ports.pop3s());
                try {
                    socket.getOutputStream().write(hello);
                    // The server's first flight (ServerHello onwards): the work is done, the client walks away.
                    socket.getInputStream().read(new byte[16 * 1024]);
                } finally {
                    attacker.drop(socket);
                }
            });
        }
    },

    /** SASL exchanges begun ({@code AUTH PLAIN}, {@code AUTH LOGIN}) and never answered. */
    SASL_LEFT_OPEN {
        @Override
        void start(Attacker attacker, Ports ports, int connections) {
            attacker.repeat("sasl-open", () -> holdOpen(attacker, ports.pop3(), connections, socket -> {
                InputStream in = socket.getInputStream();
                readLine(in);
                String mechanism = attacker.connections() % 2 == 0 ? "PLAIN" : "LOGIN";
                socket.getOutputStream().write(("AUTH " + mechanism + "\r\n").getBytes(StandardCharsets.US_ASCII));
                String challenge = readLine(in);
                if (!challenge.startsWith("+")) {
                    throw new IOException("AUTH " + mechanism + " answered " + challenge);
                }
            }));
        }
    },

    /** As many idle connections as this machine's descriptor limit lets both ends hold (the issue asks 20,000). */
    MANY_CONNECTIONS {
        @Override
        void start(Attacker attacker, Ports ports, int connections) {
            for (int i = 0; i < 2; i++) {
                attacker.repeat("many-" + i, () -> holdOpen(attacker, ports.pop3(), connections, socket -> { }));
            }
        }
    };

    private static final int MIB = 1024 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};

    /** Starts the flood's threads; {@code connections} is how many it holds open, where it holds any. */
    abstract void start(Attacker attacker, Ports ports, int connections);

    /** Whether the flood is at full strength, so that what is measured from now is measured under it. */
    boolean ramped(Attacker attacker, int connections) {
        return attacker.openNow() >= connections;
    }

    /** How much abuse it sent: connections, or for floods that send much on one connection, what they sent (1 MiB lines). */
    long injected(Attacker attacker) {
        return attacker.connections();
    }

    /** The daemon's listeners a flood goes for. */
    record Ports(int pop3, int pop3s) {
    }

    /** Opens one more connection while fewer than {@code connections} are open; otherwise idles a moment. */
    private static void holdOpen(Attacker attacker, int port, int connections, FirstWords firstWords) throws IOException {
        if (attacker.openNow() >= connections) {
            // Full strength: nothing to do until the daemon closes one of ours; look again in a moment.
            synchronized (attacker) {
                try {
                    attacker.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return;
        }
        Socket socket = attacker.connect(port);
        try {
            firstWords.say(socket);
        } catch (IOException e) {
            attacker.drop(socket);
            throw e;
        }
    }

    /** What a held connection sends once connected, if anything. */
    @FunctionalInterface
    private interface FirstWords {
        void say(Socket socket) throws IOException;
    }

    /** Reads what the daemon says until it closes the connection or stays silent for the socket's timeout. */
    private static void drain(Socket socket) throws IOException {
        byte[] buffer = new byte[4096];
        InputStream in = socket.getInputStream();
        while (in.read(buffer) >= 0) {
            // Only the end matters.
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("closed after " + line);
            }
            line.append((char) b);
        }
        return line.toString().strip();
    }

    /** A real TLS 1.2/1.3 ClientHello, as the JDK's client sends it. */
    private static byte[] clientHello() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, null, null);
            SSLEngine engine = context.createSSLEngine("localhost", 995);
            engine.setUseClientMode(true);
            engine.beginHandshake();
            ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(ByteBuffer.allocate(0), out);
            out.flip();
            byte[] hello = new byte[out.remaining()];
            out.get(hello);
            return hello;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a ClientHello", e);
        }
    }
}
