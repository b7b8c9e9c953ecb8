package org.postbox.pop3.server.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A POP3 client on a real socket that can switch to TLS with the JDK's TLS client, after STLS or
 * from the start. It reads the clear-text part octet by octet, so nothing the server sends
 * after the STLS reply can hide in a read-ahead buffer.
 */
public final class TlsPop3Client implements AutoCloseable {

    static final int TIMEOUT_MILLIS = 15_000;

    private final InetSocketAddress address;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private TlsPop3Client(InetSocketAddress address, Socket socket) throws IOException {
        this.address = address;
        use(socket);
    }

    /** A clear-text connection (a POP3 listener, before STLS). */
    public static TlsPop3Client plain(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.connect(address, TIMEOUT_MILLIS);
        return new TlsPop3Client(address, socket);
    }

    /**
     * A connection under TLS from the start (POP3S), handshake done.
     *
     * @param serverName the SNI name to send, or null for none
     * @param protocols  the TLS versions to offer, or none for the client's defaults
     */
    public static TlsPop3Client implicit(InetSocketAddress address, SSLContext context, String serverName,
            String... protocols) throws IOException {
        Socket plain = new Socket();
        plain.connect(address, TIMEOUT_MILLIS);
        TlsPop3Client client = new TlsPop3Client(address, plain);
        client.handshake(context, serverName, protocols);
        return client;
    }

    /** Layers TLS over the connection as it is now (after the STLS {@code +OK}) and completes the handshake. */
    public SSLSession handshake(SSLContext context, String serverName, String... protocols) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket,
                address.getAddress().getHostAddress(), address.getPort(), true);
        SSLParameters parameters = tls.getSSLParameters();
        if (serverName != null) {
            parameters.setServerNames(List.of(new SNIHostName(serverName)));
        }
        if (protocols.length > 0) {
            parameters.setProtocols(protocols);
        }
        tls.setSSLParameters(parameters);
        tls.setUseClientMode(true);
        tls.startHandshake();
        use(tls);
        return tls.getSession();
    }

    private void use(Socket next) throws IOException {
        socket = next;
        socket.setSoTimeout(TIMEOUT_MILLIS);
        // Under TLS there is no further switch, so reading ahead is safe (and saves a lot on big replies).
        in = next instanceof SSLSocket ? new java.io.BufferedInputStream(socket.getInputStream(), 16 * 1024)
                : socket.getInputStream();
        out = socket.getOutputStream();
    }

    public SSLSession tlsSession() {
        return ((SSLSocket) socket).getSession();
    }

    /** The certificate the server presented. */
    public X509Certificate serverCertificate() throws IOException {
        return (X509Certificate) tlsSession().getPeerCertificates()[0];
    }

    public void send(String line) throws IOException {
        sendRaw(line + "\r\n");
    }

    /** Sends the text as it is, in one write. */
    public void sendRaw(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next line without CRLF, or null at end of stream. */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
    }

    /** The lines of a multi-line reply after its status line, without the final ".". */
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

    /** CAPA, answered; the capability lines. */
    public List<String> capabilities() throws IOException {
        send("CAPA");
        String status = readLine();
        if (!"+OK capability list follows".equals(status)) {
            throw new IOException("CAPA answered " + status);
        }
        return readMultiline();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
