package org.postbox.benchmarks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One benchmark client on a bare socket: USER, PASS, LIST 1, RETR 1, QUIT. The message is
 * counted as it streams in (dot-stuffing removed) and never kept, so the client side stays small
 * however large the message.
 */
final class Pop3Retrieval {

    /** The server answered {@code -ERR}. */
    static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private final InetSocketAddress server;
    private final String user;
    private final String password;

    Pop3Retrieval(InetSocketAddress server, String user, String password) {
        this.server = server;
        this.user = user;
        this.password = password;
    }

    /** Retrieves message 1 and returns its octet count; fails unless it equals the LIST size. */
    long run() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(server, 10_000);
            socket.setSoTimeout(120_000);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            OutputStream out = socket.getOutputStream();
            expectOk(in, "greeting");
            send(out, "USER " + user);
            expectOk(in, "USER");
            send(out, "PASS " + password);
            expectOk(in, "PASS");
            send(out, "LIST 1");
            String list = expectOk(in, "LIST 1");
            long announced = Long.parseLong(list.split(" ")[2]);
            send(out, "RETR 1");
            expectOk(in, "RETR 1");
            long received = readMessageBody(in);
            if (received != announced) {
                throw new IOException(user + ": RETR delivered " + received + " octets, LIST announced " + announced);
            }
            send(out, "QUIT");
            expectOk(in, "QUIT");
            return received;
        }
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private String expectOk(InputStream in, String what) throws IOException {
        String line = readLine(in);
        if (!line.startsWith("+OK")) {
            throw new Refused(user + ": " + what + " answered '" + line + "'");
        }
        return line;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int previous = -1;
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n' && previous == '\r') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            previous = b;
        }
        throw new IOException("connection closed");
    }

    /**
     * Counts the octets of a multi-line reply up to its terminating line, not counting the
     * stuffed dots (RFC 1939 section 3).
     */
    private static long readMessageBody(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long count = 0;
        boolean lineStart = true;
        boolean afterCr = false;
        int dotState = 0; // 0: none, 1: a dot began the line, 2: dot CR seen (terminator so far)
        int n;
        while ((n = in.read(buffer)) > 0) {
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (dotState == 2) {
                    if (b != '\n') {
                        throw new IOException("bad terminator: '.' CR followed by " + b);
                    }
                    if (i + 1 != n || in.available() > 0) {
                        throw new IOException("data after the terminating line");
                    }
                    return count;
                }
                if (dotState == 1) {
                    dotState = 0;
                    if (b == '\r') {
                        dotState = 2;
                        continue;
                    }
                    if (b != '.') {
                        throw new IOException("a line starts with an unstuffed dot");
                    }
                    count++; // the one dot of a stuffed pair
                    lineStart = false;
                    afterCr = false;
                    continue;
                }
                if (lineStart && b == '.') {
                    dotState = 1;
                    lineStart = false;
                    continue;
                }
                count++;
                lineStart = b == '\n' && afterCr;
                afterCr = b == '\r';
            }
        }
        throw new IOException("connection closed before the end of the message");
    }
}
