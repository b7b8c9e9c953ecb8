package org.postbox.daemon;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A POP3 client on a bare socket, for asserting exact reply lines. */
final class RawPop3Client implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String greeting;

    RawPop3Client(InetSocketAddress server) throws IOException {
        socket = new Socket();
        socket.connect(server, 10_000);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        greeting = readLine();
    }

    String greeting() {
        return greeting;
    }

    /** Sends one command line and returns the status line of the reply. */
    String command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return readLine();
    }

    /** Sends {@code text} as it is (lines with their CRLF), without reading anything. */
    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** How long a read may wait for the server. */
    void readTimeout(java.time.Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
    }

    /** USER then PASS; returns the reply to PASS. */
    String login(String user, String password) throws IOException {
        String userReply = command("USER " + user);
        if (!userReply.startsWith("+OK")) {
            return userReply;
        }
        return command("PASS " + password);
    }

    /** The lines of a multi-line reply after its status line, dot-stuffing removed, without the terminator. */
    List<String> readBody() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line = readLine(); !line.equals("."); line = readLine()) {
            lines.add(line.startsWith("..") ? line.substring(1) : line);
        }
        return lines;
    }

    /** The next line without its CRLF; an IOException at end of stream. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed by the server after '" + line + "'");
            }
            if (b == '\n' && previous == '\r') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            previous = b;
        }
    }

    /** True once the server has closed the connection (reads until end of stream). */
    boolean closedByServer() {
        try {
            while (in.read() >= 0) {
                // drain whatever the server still said
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }

    /** Drops the connection without QUIT. */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
