package org.postbox.lmtp.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.postbox.lmtp.LmtpAcceptor;
import org.postbox.lmtp.LmtpSettings;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailStoreProvider;
import org.postbox.mailstore.MailboxAddress;

/**
 * Deliveries per second over LMTP into a Maildir store: {@code connections} clients on 127.0.0.1,
 * each sending {@code messages} messages of 4096 octets, one recipient each, with pipelined
 * envelopes (MAIL, RCPT and DATA in one write), as Postfix's LMTP client does. A program, not a
 * test: it prints its figures and never fails a build.
 *
 * <pre>
 * ./mvnw -q -Dbuild.dirname=target-bench -pl lmtp-server -am test-compile
 * java -cp "lmtp-server/target-bench/test-classes:lmtp-server/target-bench/classes:$(cat lmtp-server/target-bench/test-classpath.txt)" \
 *     org.postbox.lmtp.bench.LmtpDeliveryBenchmark [connections=4] [messages=2000] [fsync=true] [workers=8]
 * </pre>
 */
public final class LmtpDeliveryBenchmark {

    private static final int MESSAGE_OCTETS = 4096;
    private static final int MAILBOXES = 16;

    private LmtpDeliveryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        boolean fsync = args.length <= 2 || Boolean.parseBoolean(args[2]);
        int workerThreads = args.length > 3 ? Integer.parseInt(args[3]) : 8;

        Path directory = Files.createTempDirectory("lmtp-bench-");
        ExecutorService workers = Executors.newFixedThreadPool(workerThreads);
        MailStore store = MailStoreProvider.forType("maildir")
                .open(Map.of("path", directory.resolve("mail").toString(), "fsync", fsync), directory);
        LmtpAcceptor acceptor = new LmtpAcceptor(LmtpSettings.defaults("bench.test", directory.resolve("spool")), store, workers);
        try {
            store.directory().addDomain("example.com");
            for (int i = 0; i < MAILBOXES; i++) {
                store.directory().addMailbox(MailboxAddress.parse("user" + i + "@example.com"), "{PLAIN}x");
            }
            InetSocketAddress address = acceptor.bind(new InetSocketAddress("127.0.0.1", 0));
            byte[] message = message();

            run(address, connections, Math.max(1, messages / 10), message); // warm-up: JIT, file system caches
            long start = System.nanoTime();
            run(address, connections, messages, message);
            double seconds = (System.nanoTime() - start) / 1e9;
            long total = (long) connections * messages;
            System.out.printf(Locale.ROOT, "LMTP -> Maildir (fsync %s, %d workers): %d connections x %d messages of %d octets:"
                            + " %d messages in %.2f s = %.0f msgs/s%n", fsync ? "on" : "off", workerThreads, connections, messages,
                    MESSAGE_OCTETS, total, seconds, total / seconds);
        } finally {
            acceptor.shutdown(Duration.ofSeconds(5));
            workers.shutdown();
            store.close();
            deleteTree(directory);
        }
    }

    private static void run(InetSocketAddress address, int connections, int messages, byte[] message) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(connections);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                String recipient = "user" + (c % MAILBOXES) + "@example.com";
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

    private static void client(InetSocketAddress address, String recipient, int messages, byte[] message) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(address);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            expect(in, "220");
            out.write("LHLO bench.client\r\n".getBytes(StandardCharsets.US_ASCII));
            expect(in, "250");
            byte[] envelope = ("MAIL FROM:<sender@example.org> SIZE=" + MESSAGE_OCTETS + "\r\nRCPT TO:<" + recipient
                    + ">\r\nDATA\r\n").getBytes(StandardCharsets.US_ASCII);
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

    /** Reads one reply (all its lines) and checks its code. */
    private static void expect(InputStream in, String code) throws IOException {
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
            if (line.length() < 4 || line.charAt(3) != '-') {
                return;
            }
        }
    }

    /** 4096 octets of header and text lines, then the terminating dot line. */
    private static byte[] message() {
        StringBuilder text = new StringBuilder("From: sender@example.org\r\nTo: someone@example.com\r\nSubject: benchmark\r\n\r\n");
        String line = "The quick brown fox jumps over the lazy dog, again and again and again.\r\n";
        while (text.length() + line.length() <= MESSAGE_OCTETS) {
            text.append(line);
        }
        int pad = MESSAGE_OCTETS - text.length();
        if (pad >= 2) {
            text.append("x".repeat(pad - 2)).append("\r\n");
        } else if (pad == 1) {
            text.setLength(text.length() - 2);
            text.append("x\r\n");
        }
        text.append(".\r\n");
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
