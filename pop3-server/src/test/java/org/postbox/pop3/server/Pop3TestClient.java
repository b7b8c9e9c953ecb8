package org.postbox.pop3.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.postbox.session.testing.LineClient;

/** A line client that also reads POP3 multi-line replies; text goes out and comes in as UTF-8. */
public final class Pop3TestClient extends LineClient {

    private Pop3TestClient(Socket socket) throws IOException {
        super(socket, StandardCharsets.UTF_8);
    }

    public static Pop3TestClient connect(InetSocketAddress address) throws IOException {
        return connect(address, 0);
    }

    /** @param receiveBuffer the socket receive buffer to ask for, 0 for the system default */
    public static Pop3TestClient connect(InetSocketAddress address, int receiveBuffer) throws IOException {
        return new Pop3TestClient(connectSocket(address, receiveBuffer));
    }

    /** A connection from {@code from}, one of this machine's (loopback) addresses, for per-client limits and logs. */
    public static Pop3TestClient connectFrom(InetSocketAddress address, InetAddress from) throws IOException {
        return new Pop3TestClient(connectSocket(address, new InetSocketAddress(from, 0), 0));
    }

    /**
     * A connection to a POP3S port, under TLS from the first octet, handshake done.
     *
     * @param serverName the SNI name to send, or null for none
     * @param protocols  the TLS versions to offer, or none for the context's defaults
     */
    public static Pop3TestClient connectTls(InetSocketAddress address, SSLContext context, String serverName,
            String... protocols) throws IOException {
        Pop3TestClient client = connect(address);
        try {
            client.startTls(context, serverName, protocols);
            return client;
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** A connection whose greeting was read already; a greeting other than {@code +OK} fails the test. */
    public static Pop3TestClient greeted(InetSocketAddress address) throws IOException {
        Pop3TestClient client = connect(address);
        String greeting = client.readLine();
        if (greeting == null || !greeting.startsWith("+OK ")) {
            client.close();
            throw new AssertionError("greeted with: " + greeting);
        }
        return client;
    }

    /** Sends one command line and returns the status line of its reply. */
    public String command(String line) throws IOException {
        send(line);
        return readLine();
    }

    /**
     * Logs in with USER and PASS (the greeting read already) and returns the reply to PASS; a
     * USER that is not answered "send PASS" fails the test.
     */
    public String logIn(String user, String password) throws IOException {
        String reply = command("USER " + user);
        if (!"+OK send PASS".equals(reply)) {
            throw new AssertionError("USER " + user + " answered: " + reply);
        }
        return command("PASS " + password);
    }

    /** AUTH PLAIN with the initial response in the command (RFC 5034); returns the reply. */
    public String authPlain(String user, String password) throws IOException {
        String message = "\0" + user + "\0" + password;
        return command("AUTH PLAIN " + Base64.getEncoder().encodeToString(message.getBytes(StandardCharsets.UTF_8)));
    }

    /** CAPA, answered; the capability lines. */
    public List<String> capabilities() throws IOException {
        String status = command("CAPA");
        if (!"+OK capability list follows".equals(status)) {
            throw new IOException("CAPA answered " + status);
        }
        return readMultiline();
    }

    /** Reads the lines of a multi-line reply after its status line, up to (without) the ".", as sent. */
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

    /**
     * Reads a multi-line reply like {@link #readMultiline()} and undoes its dot-stuffing (RFC 1939
     * section 3): the message's own lines. A line that begins with a single "." fails.
     */
    public List<String> readBody() throws IOException {
        List<String> lines = readMultiline();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith(".")) {
                if (!line.startsWith("..")) {
                    throw new IOException("line " + (i + 1) + " of the reply begins with a '.' that is not stuffed: " + line);
                }
                lines.set(i, line.substring(1));
            }
        }
        return lines;
    }
}
