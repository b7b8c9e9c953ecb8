package org.postbox.lmtp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately dumb LMTP client over a real socket: it sends exactly what it is told and reads
 * exactly one CRLF-terminated line at a time, so tests see the wire as it is.
 */
final class LmtpTestClient implements AutoCloseable {

    /** Long enough for a loaded CI machine; a missing line fails the test instead of hanging it. */
    static final int READ_TIMEOUT_MILLIS = 15_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private LmtpTestClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 8192);
        this.out = socket.getOutputStream();
    }

    static LmtpTestClient connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        socket.connect(address, READ_TIMEOUT_MILLIS);
        return new LmtpTestClient(socket);
    }

    void send(String line) throws IOException {
        sendRaw(line + "\r\n");
    }

    /** Sends the text as it is (ISO-8859-1, one octet per char), in one write. */
    void sendRaw(String text) throws IOException {
        sendBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    OutputStream output() {
        return out;
    }

    /**
     * The next line without its CRLF, or null at end of stream.
     *
     * @throws IOException also when the line does not end in CRLF (bare LF, or EOF mid-line)
     */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException timeout) {
                throw new IOException("no complete line from the server within " + READ_TIMEOUT_MILLIS
                        + " ms; got so far: '" + line.toString(StandardCharsets.ISO_8859_1) + "'", timeout);
            }
            if (b < 0) {
                if (line.size() > 0) {
                    throw new IOException("connection closed mid-line: '" + line.toString(StandardCharsets.ISO_8859_1) + "'");
                }
                return null;
            }
            if (b == '\n') {
                if (previous != '\r') {
                    throw new IOException("line ended by a bare LF: '" + line.toString(StandardCharsets.ISO_8859_1) + "'");
                }
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            previous = b;
        }
    }

    /** One whole reply: its lines up to the one with a space after the code. */
    List<String> readReply() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new IOException("connection closed inside a reply after " + lines);
            }
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return lines;
            }
        }
    }

    /** The status line of a one-line reply. */
    String reply() throws IOException {
        List<String> lines = readReply();
        if (lines.size() != 1) {
            throw new IOException("expected a one-line reply, got " + lines);
        }
        return lines.get(0);
    }

    /** True when the server has closed the connection (reads end of stream next). */
    boolean isClosedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException timeout) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
