package org.postbox.system;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Just enough LMTP (RFC 2033) to deliver test messages, to Dovecot before the move and to Postbox
 * after it: one transaction and one recipient per message, every reply checked, so that a
 * message the server did not take fails the test where it happened.
 */
public final class LmtpClient implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 60_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private LmtpClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public static LmtpClient connect(int port) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(Loopback.HOST, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            LmtpClient client = new LmtpClient(socket);
            client.expect("220", "greeting");
            client.command("LHLO system-tests.postbox.test", "250");
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to LMTP on port " + port, e);
        }
    }

    /** Delivers {@code message} (LF or CRLF line ends, ending with a line end) to {@code recipient}. */
    public void deliver(String recipient, byte[] message) {
        try {
            beginData(recipient);
            out.write(dataWithEnd(message));
            out.flush();
            expect("250", "delivery to " + recipient);
        } catch (IOException e) {
            throw new UncheckedIOException("delivery to " + recipient + " failed", e);
        }
    }

    @Override
    public void close() {
        try (socket) {
            command("QUIT", "221");
        } catch (IOException | UncheckedIOException e) {
            // The messages are delivered or the test has failed already; the socket is closed either way.
        }
    }

    /**
     * Starts a transaction as {@link #deliver} does, then sends only the first {@code octets} of
     * what follows DATA (the message, then its end line) and reads no reply: an MTA whose
     * connection breaks in the middle of the message, or before the {@code 250} reaches it.
     *
     * @return whether the whole message and its end line were sent
     */
    public boolean sendUnanswered(String recipient, byte[] message, int octets) {
        try {
            beginData(recipient);
            byte[] data = dataWithEnd(message);
            int sent = Math.min(Math.max(0, octets), data.length);
            out.write(data, 0, sent);
            out.flush();
            return sent == data.length;
        } catch (IOException e) {
            throw new UncheckedIOException("sending to " + recipient + " failed", e);
        }
    }

    /** Closes the connection without QUIT and without reading what the server may have said. */
    public void abandon() {
        try {
            socket.close();
        } catch (IOException e) {
            // Gone either way.
        }
    }

    /** MAIL, RCPT and DATA, each of which must be accepted. */
    private void beginData(String recipient) throws IOException {
        command("MAIL FROM:<sender@sender.test>", "250");
        command("RCPT TO:<" + recipient + ">", "250");
        command("DATA", "354");
    }

    /** The message as DATA sends it, followed by the end line. */
    private static byte[] dataWithEnd(byte[] message) {
        byte[] data = dataOf(message);
        byte[] withEnd = Arrays.copyOf(data, data.length + 3);
        withEnd[data.length] = '.';
        withEnd[data.length + 1] = '\r';
        withEnd[data.length + 2] = '\n';
        return withEnd;
    }

    /** CRLF line ends and dot-stuffing, as DATA wants them. */
    private static byte[] dataOf(byte[] message) {
        ByteArrayOutputStream data = new ByteArrayOutputStream(message.length + 64);
        boolean lineStart = true;
        for (int i = 0; i < message.length; i++) {
            byte b = message[i];
            if (lineStart && b == '.') {
                data.write('.');
            }
            if (b == '\n' && (i == 0 || message[i - 1] != '\r')) {
                data.write('\r');
            }
            data.write(b);
            lineStart = b == '\n';
        }
        if (!lineStart) {
            data.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return data.toByteArray();
    }

    private void command(String line, String expected) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect(expected, line);
    }

    /** Reads one reply (all its lines) and fails unless its code is {@code expected}. */
    private void expect(String expected, String after) throws IOException {
        StringBuilder reply = new StringBuilder();
        String line;
        do {
            line = readLine();
            reply.append(line).append('\n');
        } while (line.length() > 3 && line.charAt(3) == '-');
        if (!line.startsWith(expected)) {
            throw new AssertionError("LMTP " + after + ": expected " + expected + ", got " + reply);
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("LMTP server closed the connection");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /**
     * One transaction for {@code message} to {@code recipient}, returning the first reply that is
     * not a step forward: the one after the message ({@code 250} when delivered), or the refusal of
     * MAIL, RCPT or DATA, whose transaction is then reset. Throws {@link UncheckedIOException}
     * when the connection is gone; the message may then have been delivered or not.
     */
    public String tryDeliver(String recipient, byte[] message) {
        try {
            for (String[] step : new String[][] {{"MAIL FROM:<sender@sender.test>", "250"},
                    {"RCPT TO:<" + recipient + ">", "250"}, {"DATA", "354"}}) {
                out.write((step[0] + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String reply = lastLineOfReply();
                if (!reply.startsWith(step[1])) {
                    if (!step[0].equals("DATA")) {
                        out.write("RSET\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        lastLineOfReply();
                    }
                    return reply;
                }
            }
            out.write(dataWithEnd(message));
            out.flush();
            return lastLineOfReply();
        } catch (IOException e) {
            throw new UncheckedIOException("delivery to " + recipient + " cut short", e);
        }
    }

    private String lastLineOfReply() throws IOException {
        String line;
        do {
            line = readLine();
        } while (line.length() > 3 && line.charAt(3) == '-');
        return line;
    }
}
