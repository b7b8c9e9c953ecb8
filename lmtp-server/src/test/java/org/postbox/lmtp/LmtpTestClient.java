package org.postbox.lmtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.postbox.session.testing.LineClient;

/**
 * A line client that also reads LMTP replies whole. Text goes out as ISO-8859-1, one octet per
 * char, so tests can send any octet. SMTP's replies have the same shape (RFC 5321 section 4.2),
 * so it speaks to an SMTP server as well.
 */
public final class LmtpTestClient extends LineClient {

    private LmtpTestClient(Socket socket) throws IOException {
        super(socket, StandardCharsets.ISO_8859_1);
    }

    public static LmtpTestClient connect(InetSocketAddress address) throws IOException {
        return new LmtpTestClient(connectSocket(address, 0));
    }

    /** One whole reply: its lines up to the one with a space after the code. */
    public List<String> readReply() throws IOException {
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

    /** Sends one command line and returns its one-line reply. */
    public String command(String line) throws IOException {
        send(line);
        return reply();
    }

    /** The status line of a one-line reply. */
    public String reply() throws IOException {
        List<String> lines = readReply();
        if (lines.size() != 1) {
            throw new IOException("expected a one-line reply, got " + lines);
        }
        return lines.get(0);
    }
}
