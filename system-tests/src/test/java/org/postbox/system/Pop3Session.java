package org.postbox.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One POP3 session over a real socket, held open as long as the test wants, as a mail client
 * holds it while it works: what {@code postbox who} lists and {@code postbox kick} ends.
 */
public final class Pop3Session implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 60_000;

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    private Pop3Session(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
    }

    /** Connects and logs in with USER and PASS; the session is then in the TRANSACTION state. */
    public static Pop3Session login(int port, Account account) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(Loopback.HOST, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            Pop3Session session = new Pop3Session(socket);
            ok(session.in.readLine(), "greeting");
            session.command("USER " + account.address());
            session.command("PASS " + account.password());
            return session;
        } catch (IOException e) {
            throw new UncheckedIOException("POP3 login of " + account + " on port " + port + " failed", e);
        }
    }

    /** Sends {@code line}; the answer must be {@code +OK}, which is returned. */
    public String command(String line) {
        try {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String status = in.readLine();
            ok(status, line.startsWith("PASS ") ? "PASS" : line);
            return status;
        } catch (IOException e) {
            throw new UncheckedIOException(line + " failed", e);
        }
    }

    /** Every message of the maildrop (RETR of each, dot-unstuffed), in message-number order. */
    List<String> messages() {
        int count = Integer.parseInt(command("STAT").split(" ")[1]);
        List<String> messages = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            messages.add(String.join("\n", multiLine("RETR " + n)));
        }
        return messages;
    }

    /** The number of messages, from STAT. */
    public int count() {
        return Integer.parseInt(command("STAT").split(" ")[1]);
    }

    /** Message {@code n} as RETR transmits it, dot-unstuffed: CRLF line ends, the last line ended too. */
    public byte[] retrieve(int n) {
        return (String.join("\r\n", multiLine("RETR " + n)) + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Sends QUIT and returns the server's answer, or {@code null} when the connection ended
     * without one: the server died before it could say whether the deletions were applied.
     */
    public String quit() {
        try {
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return in.readLine();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer to QUIT within " + TIMEOUT_MILLIS / 1000 + " s", e);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * What the server says from now until it closes the connection, without sending anything:
     * the last words of a session ended from elsewhere.
     */
    List<String> linesUntilClosed() {
        List<String> lines = new ArrayList<>();
        try {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
            return lines;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the POP3 session open for " + TIMEOUT_MILLIS / 1000
                    + " s; it said: " + lines, e);
        } catch (IOException e) {
            // A reset is a closed connection too; what came before it is what the server said.
            return lines;
        }
    }

    /** Leaves without QUIT, as a client that crashed or lost its network would. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing to do: the socket is gone either way.
        }
    }

    private List<String> multiLine(String command) {
        command(command);
        List<String> lines = new ArrayList<>();
        try {
            String line;
            while (!".".equals(line = in.readLine())) {
                if (line == null) {
                    throw new AssertionError("POP3 " + command + ": the server closed the connection after " + lines);
                }
                lines.add(line.startsWith(".") ? line.substring(1) : line);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(command + " failed", e);
        }
    }

    private static void ok(String status, String what) {
        if (status == null || !status.startsWith("+OK")) {
            throw new AssertionError("POP3 " + what + ": " + status);
        }
    }
}
