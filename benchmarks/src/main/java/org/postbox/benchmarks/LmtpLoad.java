package org.postbox.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;

/**
 * The LMTP load of the LMTP benchmarks: {@code connections} clients on their own threads, each
 * sending {@code messages} messages of {@value #MESSAGE_OCTETS} octets with one recipient, the
 * envelope (MAIL, RCPT, DATA) pipelined in one write as Postfix's LMTP client sends it, into
 * {@value #MAILBOXES} mailboxes of {@value #DOMAIN}.
 */
public final class LmtpLoad {

    public static final int MESSAGE_OCTETS = 4096;
    static final int MAILBOXES = 16;
    static final String DOMAIN = "example.com";

    private LmtpLoad() {
    }

    /** The domain and the mailboxes the clients deliver to; those a store kept from an earlier run are left as they are. */
    static void addMailboxes(MailStore store) {
        if (store.directory().domains().stream().noneMatch(domain -> domain.name().equals(DOMAIN))) {
            store.directory().addDomain(DOMAIN);
        }
        for (int i = 0; i < MAILBOXES; i++) {
            MailboxAddress mailbox = MailboxAddress.parse(recipient(i));
            if (store.directory().account(mailbox).isEmpty()) {
                store.directory().addMailbox(mailbox, "{PLAIN}x");
            }
        }
    }

    /** A warm-up of a tenth (JIT, file system caches), then the timed run; returns its seconds. */
    public static double measure(InetSocketAddress address, int connections, int messages) throws Exception {
        byte[] message = message();
        run(address, connections, Math.max(1, messages / 10), message);
        long start = System.nanoTime();
        run(address, connections, messages, message);
        return (System.nanoTime() - start) / 1e9;
    }

    /** One line: how many messages in how many seconds, and the rate. */
    static String rate(int connections, int messages, double seconds) {
        long total = (long) connections * messages;
        return String.format(Locale.ROOT, "%7d messages in %7.2f s = %8.0f msgs/s", total, seconds, total / seconds);
    }

    private static String recipient(int client) {
        return "user" + (client % MAILBOXES) + "@" + DOMAIN;
    }

    private static void run(InetSocketAddress address, int connections, int messages, byte[] message) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(connections);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                String recipient = recipient(c);
                running.add(clients.submit(() -> {
                    client(address, recipient, messages, message);
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        } finally {
            clients.shutdown();
        }
    }

    private static void client(InetSocketAddress address, String recipient, int messages, byte[] message)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(address);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            expect(in, "220");
            out.write("LHLO bench.client\r\n".getBytes(StandardCharsets.US_ASCII));
            // As Postfix does: SIZE= only to a server that advertises SIZE (Dovecot 2.3 does not).
            boolean size = expect(in, "250").stream().anyMatch(line -> line.substring(4).startsWith("SIZE"));
            byte[] envelope = ("MAIL FROM:<sender@example.org>" + (size ? " SIZE=" + MESSAGE_OCTETS : "")
                    + "\r\nRCPT TO:<" + recipient + ">\r\nDATA\r\n").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < messages; i++) {
                out.write(envelope);
                expect(in, "250");
                expect(in, "250");
                expect(in, "354");
                out.write(message);
                expect(in, "250");
            }
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            expect(in, "221");
        }
    }

    /** Reads one reply (all its lines), checks its code and returns its lines. */
    private static List<String> expect(InputStream in, String code) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("connection closed, expected " + code);
                }
                line.append((char) b);
            }
            if (!line.toString().startsWith(code)) {
                throw new IOException("expected " + code + " but got: " + line.toString().strip());
            }
            lines.add(line.toString().strip());
            if (line.length() < 4 || line.charAt(3) != '-') {
                return lines;
            }
        }
    }

    /** {@value #MESSAGE_OCTETS} octets of header and text lines, then the terminating dot line. */
    private static byte[] message() {
        StringBuilder text = new StringBuilder("From: sender@example.org\r\nTo: someone@example.com\r\nSubject: benchmark\r\n\r\n");
        String line = "The quick brown fox jumps over the lazy dog, again and again and again.\r\n";
        while (text.length() + line.length() <= MESSAGE_OCTETS - 3) {
            text.append(line);
        }
        text.append("x".repeat(MESSAGE_OCTETS - text.length() - 2)).append("\r\n");
        return text.append(".\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }
}
