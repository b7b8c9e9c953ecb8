package org.postbox.session.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Objects;

/**
 * A deliberately dumb line client over a real socket: it sends exactly what it is told and reads
 * exactly one CRLF-terminated line at a time, so tests see the wire as it is. Protocol clients
 * extend it with how their replies end (a POP3 multi-line reply, an LMTP reply with continuation
 * lines).
 */
public class LineClient implements AutoCloseable {

    /** Long enough for a loaded CI machine; a missing line fails the test instead of hanging it. */
    public static final int READ_TIMEOUT_MILLIS = 15_000;

    private final Socket socket;
    private final Charset charset;
    private final InputStream in;
    private final OutputStream out;

    /** @param charset how text is sent and lines are read */
    protected LineClient(Socket socket, Charset charset) throws IOException {
        this.socket = socket;
        this.charset = Objects.requireNonNull(charset, "charset");
        // Buffered: the socket still delivers only what the server sent; this only saves system calls.
        this.in = new BufferedInputStream(socket.getInputStream(), 8192);
        this.out = socket.getOutputStream();
    }

    /**
     * A connected socket with the read timeout set.
     *
     * @param receiveBuffer the socket receive buffer to ask for, 0 for the system default
     */
    protected static Socket connectSocket(InetSocketAddress address, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        try {
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.connect(address, READ_TIMEOUT_MILLIS);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    public static LineClient connect(InetSocketAddress address, Charset charset) throws IOException {
        return new LineClient(connectSocket(address, 0), charset);
    }

    /** Sends {@code line} and CRLF in one write. */
    public void send(String line) throws IOException {
        sendRaw(line + "\r\n");
    }

    /** Sends the text as it is, in one write. */
    public void sendRaw(String text) throws IOException {
        sendBytes(text.getBytes(charset));
    }

    public void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * The next line without its CRLF, or null at end of stream.
     *
     * @throws IOException also when the line does not end in CRLF (bare LF, or EOF mid-line)
     */
    public String readLine() throws IOException {
        byte[] line = readLineBytes();
        return line == null ? null : new String(line, charset);
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
                        + " ms; got so far: '" + line.toString(charset) + "'", timeout);
            }
            if (b < 0) {
                if (line.size() > 0) {
                    throw new IOException("connection closed mid-line: '" + line.toString(charset) + "'");
                }
                return null;
            }
            if (b == '\n') {
                if (previous != '\r') {
                    throw new IOException("line ended by a bare LF: '" + line.toString(charset) + "'");
                }
                byte[] bytes = line.toByteArray();
                return Arrays.copyOf(bytes, bytes.length - 1);
            }
            line.write(b);
            previous = b;
        }
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

    public OutputStream output() {
        return out;
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
