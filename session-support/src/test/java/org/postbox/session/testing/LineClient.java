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
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A deliberately dumb line client over a real socket: it sends exactly what it is told and reads
 * exactly one CRLF-terminated line at a time, so tests see the wire as it is. It can switch the
 * connection to TLS in place (after a STLS or STARTTLS reply, or before the first octet for
 * implicit TLS) and counts the octets the server sent it. Protocol clients extend it with how
 * their replies end (a POP3 multi-line reply, an LMTP reply with continuation lines).
 */
public class LineClient implements AutoCloseable {

    /** Long enough for a loaded CI machine; a missing line fails the test instead of hanging it. */
    public static final int READ_TIMEOUT_MILLIS = 15_000;

    private final Charset charset;
    private Socket socket;
    private ReceivedOctets in;
    private OutputStream out;
    /** What earlier streams received, before a switch to TLS replaced them. */
    private long receivedBefore;

    /**
     * A client over a connected socket, plain or already under TLS. A socket without a read
     * timeout gets {@link #READ_TIMEOUT_MILLIS}.
     *
     * @param charset how text is sent and lines are read
     */
    protected LineClient(Socket socket, Charset charset) throws IOException {
        this.charset = Objects.requireNonNull(charset, "charset");
        if (socket.getSoTimeout() == 0) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        }
        use(socket);
    }

    /**
     * A connected socket with the read timeout set.
     *
     * @param receiveBuffer the socket receive buffer to ask for, 0 for the system default
     */
    protected static Socket connectSocket(InetSocketAddress address, int receiveBuffer) throws IOException {
        return connectSocket(address, null, receiveBuffer);
    }

    /**
     * A connected socket with the read timeout set, from a chosen local address.
     *
     * @param local         the local address (and port, 0 for any) to connect from, or null for the system's choice
     * @param receiveBuffer the socket receive buffer to ask for, 0 for the system default
     */
    protected static Socket connectSocket(InetSocketAddress address, InetSocketAddress local, int receiveBuffer)
            throws IOException {
        Socket socket = new Socket();
        try {
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            if (local != null) {
                socket.bind(local);
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

    /** A client over a socket the test connected itself, plain or under TLS. */
    public static LineClient over(Socket connected, Charset charset) throws IOException {
        return new LineClient(connected, charset);
    }

    private void use(Socket next) throws IOException {
        socket = next;
        // Buffered: the socket still delivers only what the server sent; this only saves system calls.
        in = new ReceivedOctets(next.getInputStream());
        out = next.getOutputStream();
    }

    /**
     * Layers TLS over the connection as it is now and completes the handshake: after the server's
     * go-ahead to STLS or STARTTLS, or right after connecting to an implicit-TLS port. From then
     * on every line goes through TLS.
     *
     * @param serverName the SNI name to send, or null for none
     * @param protocols  the TLS versions to offer, or none for the context's defaults
     * @throws SSLException also when the server sent octets after its go-ahead: they stand where its
     *                      TLS handshake must, so no handshake can succeed over them
     */
    public SSLSession startTls(SSLContext context, String serverName, String... protocols) throws IOException {
        // A client reading octet by octet would hand these octets to the TLS layer, which would
        // fail on them; read ahead into our buffer, they must fail the switch just the same.
        int early = in.readAhead();
        if (early > 0) {
            throw new SSLException(early + " octets arrived in the clear after the reply to switch to TLS");
        }
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket,
                socket.getInetAddress().getHostAddress(), socket.getPort(), true);
        SSLParameters parameters = tls.getSSLParameters();
        if (serverName != null) {
            parameters.setServerNames(List.of(new SNIHostName(serverName)));
        }
        if (protocols.length > 0) {
            parameters.setProtocols(protocols);
        }
        tls.setSSLParameters(parameters);
        tls.setUseClientMode(true);
        tls.setSoTimeout(socket.getSoTimeout());
        tls.startHandshake();
        receivedBefore += in.consumed;
        use(tls);
        return tls.getSession();
    }

    /** The TLS session of a connection under TLS. */
    public SSLSession tlsSession() {
        if (!(socket instanceof SSLSocket tls)) {
            throw new IllegalStateException("the connection is not under TLS");
        }
        return tls.getSession();
    }

    /** The certificate the server presented in the TLS handshake. */
    public X509Certificate serverCertificate() throws IOException {
        return (X509Certificate) tlsSession().getPeerCertificates()[0];
    }

    /** How long a read may wait for the server before it fails. */
    public void readTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
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
                throw new IOException("no complete line from the server within " + socket.getSoTimeout()
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

    /**
     * Reads and drops whatever the server still sends; true when it then closes (or resets) the
     * connection, false when the read timeout passes first.
     */
    public boolean isClosedByServerAfterDraining() {
        try {
            readToEndOfStream();
            return true;
        } catch (SocketTimeoutException timeout) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /**
     * Reads and drops (but counts) whatever the server still sends, until it closes the connection.
     *
     * @throws SocketTimeoutException when the read timeout passes first
     * @throws IOException            also when the connection is reset
     */
    public void readToEndOfStream() throws IOException {
        byte[] drain = new byte[8192];
        while (in.read(drain) >= 0) {
            // dropped: only the end matters, and the count
        }
    }

    /** Every octet read from the server so far, in the clear and under TLS, CRLFs and all. */
    public long receivedOctets() {
        return receivedBefore + in.consumed;
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

    /** The read buffer, which also counts the octets taken from it and tells what it read ahead. */
    private static final class ReceivedOctets extends BufferedInputStream {
        private long consumed;

        ReceivedOctets(InputStream socketInput) {
            super(socketInput, 8192);
        }

        /** Octets the server sent that sit in the buffer, not yet read by the client. */
        synchronized int readAhead() {
            return count - pos;
        }

        @Override
        public synchronized int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                consumed++;
            }
            return b;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                consumed += n;
            }
            return n;
        }

        @Override
        public synchronized long skip(long n) throws IOException {
            long skipped = super.skip(n);
            consumed += skipped;
            return skipped;
        }
    }
}
