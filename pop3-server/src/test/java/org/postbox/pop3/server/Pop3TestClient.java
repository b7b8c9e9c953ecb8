package org.postbox.pop3.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * Logs in with USER and PASS (the greeting read already) and returns the reply to PASS; a
     * USER that is not answered "send PASS" fails the test.
     */
    public String logIn(String user, String password) throws IOException {
        send("USER " + user);
        String reply = readLine();
        if (!"+OK send PASS".equals(reply)) {
            throw new AssertionError("USER " + user + " answered: " + reply);
        }
        send("PASS " + password);
        return readLine();
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
}
