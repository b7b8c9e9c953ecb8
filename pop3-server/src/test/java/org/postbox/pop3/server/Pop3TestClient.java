package org.postbox.pop3.server;

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
 * A deliberately dumb POP3 client over a real socket: it sends exactly what it is told and reads
 * exactly one CRLF-terminated line at a time, so tests see the wire as it is.
 */
public final class Pop3TestClient implements AutoCloseable {

    /** Long enough for a loaded CI machine; a missing line fails the test instead of hanging it. */
    static final int READ_TIMEOUT_MILLIS = 15_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private Pop3TestClient(Socket socket) throws IOException {
        this.socket = socket;
        // Buffered: the socket still delivers only what the server sent; this only saves system calls.
        this.in = new java.io.BufferedInputStream(socket.getInputStream(), 8192);
        this.out = socket.getOutputStream();
    }

    public static Pop3TestClient connect(InetSocketAddress address) throws IOException {
        return connect(address, 0);
    }

    /** @param receiveBuffer the socket receive buffer to ask for, 0 for the system default */
    public static Pop3TestClient connect(InetSocketAddress address, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        socket.connect(address, READ_TIMEOUT_MILLIS);
        return new Pop3TestClient(socket);
    }

    public void send(String line) throws IOException {
        sendRaw(line + "\r\n");
    }

    /** Sends the text as it is, in one write. */
    public void sendRaw(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * The next line without its CRLF, or null at end of stream.
     *
     * @throws IOException also when the line does not end in CRLF (bare LF, or EOF mid-line)
     */
    public String readLine() throws IOException {
        byte[] line = readLineBytes();
        return line == null ? null : new String(line, StandardCharsets.UTF_8);
    }

    /** The next line as raw octets without CRLF, or null at end of stream. */
    public byte[] readLineBytes() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException timeout) {
                throw new IOException("no complete line from the server within " + READ_TIMEOUT_MILLIS
                        + " ms; got so far: '" + line.toString(StandardCharsets.UTF_8) + "'", timeout);
            }
            if (b < 0) {
                if (line.size() > 0) {
                    throw new IOException("connection closed mid-line: '" + line.toString(StandardCharsets.UTF_8) + "'");
                }
                return null;
            }
            if (b == '\n') {
                if (previous != '\r') {
                    throw new IOException("line ended by a bare LF: '" + line.toString(StandardCharsets.UTF_8) + "'");
                }
                byte[] bytes = line.toByteArray();
                return java.util.Arrays.copyOf(bytes, bytes.length - 1);
            }
            line.write(b);
            previous = b;
        }
    }

    /** Reads the lines of a multi-line reply after its status line, up to (without) the ".". */
    public List<String> readMultiline() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line = readLine(); !".".equals(line); line = readLine()) {
            if (line == null) {
                throw new IOException("connection closed inside a multi-line reply");
            }
            lines.add(line);
        }
        return lines;
    }

    /** True when the server has closed the connection (reads end of stream next). */
    public boolean isClosedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException timeout) {
            return false;
        } catch (IOException reset) {
            // A reset also means the server is gone.
            return true;
        }
    }

    public InputStream input() {
        return in;
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
