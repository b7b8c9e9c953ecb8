package org.postbox.daemon.metrics;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A line client on a bare socket that counts every octet the server sent it. */
final class CountingClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private long received;

    CountingClient(InetSocketAddress server) throws IOException {
        socket = new Socket();
        socket.connect(server, 10_000);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends one line and returns the first line of the answer. */
    String command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return readLine();
    }

    /** AUTH PLAIN with an initial response. */
    String authPlain(String user, String password) throws IOException {
        String message = "\0" + user + "\0" + password;
        return command("AUTH PLAIN " + Base64.getEncoder().encodeToString(message.getBytes(StandardCharsets.UTF_8)));
    }

    /** Reads up to and including the line "." of a multi-line answer. */
    void readBody() throws IOException {
        while (!readLine().equals(".")) {
            // the lines themselves do not matter here, only that they arrive and are counted
        }
    }

    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + line);
            }
            received++;
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            previous = b;
        }
    }

    /** Reads until the server closes the connection. */
    void awaitClose() throws IOException {
        while (in.read() >= 0) {
            received++;
        }
    }

    /** Every octet received so far. */
    long received() {
        return received;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
