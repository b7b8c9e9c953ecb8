package org.postbox.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailStoreProvider;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageInfo;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.jpa.testing.EmbeddedPostgresServer;

/**
 * Figures of one huge maildrop on each store, printed, never asserted: what a POP3 login of a
 * client that leaves its mail on the server costs the server after the password check (the
 * maildrop's lock and snapshot, STAT, the whole UIDL listing), through the store's SPI:
 * <ul>
 * <li><b>first</b>: the first login after the mailbox was filled; on Maildir the messages lie in
 *     {@code new/}, as LMTP leaves them, and this login moves them to {@code cur/} (more than
 *     {@code cur/}'s index trusts without a listing: the second login lists {@code cur/} once);
 * <li><b>warm</b>: nothing changed since the last login;
 * <li><b>after D</b>: D messages delivered through the store since the last login (10 and 1,000 by
 *     default), and <b>next</b>, the login after that one;
 * <li><b>cold</b>: the first login with a new store after the page cache was dropped
 *     ({@code sync; echo 3 > /proc/sys/vm/drop_caches}, which needs root, else it says so) and, on
 *     PostgreSQL, the database restarted.
 * </ul>
 * Then the heap an open maildrop keeps (after full collections) and what opening it allocates.
 * Give the JVM a small heap ({@code -Xmx200m}) to see the largest maildrop open within it, the
 * first login of a million messages in {@code new/} included.
 *
 * <p>Each count gets a mailbox of its own, of messages of 2 to 4 KB: written as files on Maildir
 * (named as delivery names them, with {@code ,S=} and {@code ,W=}), in SQL on PostgreSQL (an
 * embedded server, fsync off, the rows delivery writes). Arguments, all optional:
 * {@code stores=maildir,jpa messages=100000,1000000 deliveries=10,1000 dir=<a new directory>}.
 * From the repository root:
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests -Dfuzz.skip=true
 * java -Xmx200m -cp "$(cat benchmarks/target/classpath.txt):benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar" \
 *     org.postbox.benchmarks.LargeMaildropBenchmark messages=100000,1000000
 * </pre>
 */
public final class LargeMaildropBenchmark {

    private static final int WARM_RUNS = 7;
    private static final int COLD_RUNS = 3;
    private static final int DELIVERY_ROUNDS = 3;
    private static final int WARM_UP_MESSAGES = 10_000;
    private static final String DOMAIN = "large.example";
    private static final String DATABASE = "postbox_large";
    private static final byte[] DELIVERED = message(0, 3000);

    private final Backend backend;

    private LargeMaildropBenchmark(Backend backend) {
        this.backend = backend;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = KeyValueArguments.parse(args);
        List<String> stores = List.of(options.getOrDefault("stores", "maildir,jpa").split(","));
        int[] counts = numbers(options.getOrDefault("messages", "100000"));
        int[] deliveries = numbers(options.getOrDefault("deliveries", "10,1000"));
        Path dir = options.containsKey("dir") ? Files.createDirectories(Path.of(options.get("dir")))
                : Files.createTempDirectory("postbox-large-");
        System.out.printf("large maildrops: %d cores, max heap %d MB, data in %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, dir);
        try {
            for (String store : stores) {
                try (Backend backend = switch (store) {
                    case "maildir" -> new MaildirBackend(dir.resolve("maildir"));
                    case "jpa" -> JpaBackend.start(dir.resolve("postgres"));
                    default -> throw new IllegalArgumentException("stores are maildir and jpa, got " + store);
                }) {
                    new LargeMaildropBenchmark(backend).run(counts, deliveries);
                }
            }
        } finally {
            deleteTree(dir);
        }
    }

    private void run(int[] counts, int[] deliveries) throws Exception {
        MailboxAddress warmUp = mailbox(WARM_UP_MESSAGES);
        try (MailStore store = backend.open()) {
            store.directory().addDomain(DOMAIN);
            store.directory().addMailbox(warmUp, "{PLAIN}bench");
            for (int count : counts) {
                store.directory().addMailbox(mailbox(count), "{PLAIN}bench");
            }
        }
        fill(warmUp, WARM_UP_MESSAGES);
        // The JIT compiles the login paths before anything is timed (unchanged, and after deliveries),
        // so that cold is the storage's cold and the first figures are not those of the interpreter.
        try (MailStore store = backend.open()) {
            for (int i = 0; i < 30; i++) {
                login(store, warmUp);
            }
            for (int i = 0; i < 20; i++) {
                deliver(store, warmUp, 10);
                login(store, warmUp);
                login(store, warmUp);
            }
        }
        for (int count : counts) {
            fill(mailbox(count), count);
            measure(mailbox(count), deliveries);
        }
    }

    private void fill(MailboxAddress address, int messages) throws Exception {
        long start = System.nanoTime();
        backend.fill(address, messages);
        System.out.printf("%s: filled %s with %,d messages in %.1f s%n", backend.name(), address, messages,
                (System.nanoTime() - start) / 1e9);
    }

    private void measure(MailboxAddress address, int[] deliveries) throws Exception {
        Login first;
        Login second;
        try (MailStore store = backend.open()) {
            first = login(store, address);
            // A listing under a stamp younger than a timestamp tick is not recorded (MaildropScan): the
            // second login is that of a maildrop whose last change has settled, as for the figures below.
            Thread.sleep(2_500);
            second = login(store, address);
        }
        double[] cold = new double[COLD_RUNS];
        String coldHow = "";
        for (int i = 0; i < COLD_RUNS; i++) {
            coldHow = backend.makeCold();
            try (MailStore store = backend.open()) {
                cold[i] = login(store, address).total();
            }
        }
        try (MailStore store = backend.open()) {
            login(store, address);
            Login[] warm = new Login[WARM_RUNS];
            for (int i = 0; i < WARM_RUNS; i++) {
                warm[i] = login(store, address);
            }
            System.out.printf("%s, %s, %,d messages (UIDL listing %,d octets):%n", backend.name(), address,
                    warm[0].messages(), warm[0].listingOctets());
            System.out.printf("  first login after the fill %.1f ms (open %.1f); the second %.1f ms%n", first.total(),
                    first.open(), second.total());
            System.out.printf("  cold   %s ms (%s, new store)%n", figures(cold), coldHow);
            System.out.printf("  warm   %s ms; of which open %s, STAT %s, UIDL %s; CPU of the open %s%n",
                    figures(warm, Login::total), figures(warm, Login::open), figures(warm, Login::stat),
                    figures(warm, Login::uidl), figures(warm, Login::openCpu));
            for (int count : deliveries) {
                Login[] after = new Login[DELIVERY_ROUNDS];
                Login[] next = new Login[DELIVERY_ROUNDS];
                for (int round = 0; round < DELIVERY_ROUNDS; round++) {
                    deliver(store, address, count);
                    after[round] = login(store, address);
                    next[round] = login(store, address);
                }
                System.out.printf("  after %,d deliveries %s ms (open %s); the login after it %s ms%n", count,
                        figures(after, Login::total), figures(after, Login::open), figures(next, Login::total));
            }
            long retained = retainedByOpenMaildrop(store, address);
            long allocated = allocatedByOpen(store, address);
            System.out.printf("  an open maildrop retains %,.1f MB of heap; opening it allocates %,.1f MB%n",
                    retained / 1e6, allocated / 1e6);
        }
    }

    private static void deliver(MailStore store, MailboxAddress address, int count) {
        for (int i = 0; i < count; i++) {
            DeliveryOutcome outcome = store.deliver(List.of(address), MessageSource.of(DELIVERED)).get(0);
            if (!(outcome instanceof DeliveryOutcome.Delivered)) {
                throw new IllegalStateException("delivery to " + address + ": " + outcome);
            }
        }
    }

    private static MailboxAddress mailbox(int count) {
        return MailboxAddress.parse("m" + count + "@" + DOMAIN);
    }

    private static int[] numbers(String list) {
        return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    /** Median, min and max: the machine may be shared, and the minimum is the least disturbed figure. */
    private static String figures(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return String.format("median %.1f (min %.1f, max %.1f)", sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1]);
    }

    private static String figures(Login[] logins, java.util.function.ToDoubleFunction<Login> figure) {
        return figures(Arrays.stream(logins).mapToDouble(figure).toArray());
    }

    /** One login's work on the server after the password check (lock and snapshot, STAT, UIDL), in ms. */
    private record Login(double open, double openCpu, double stat, double uidl, int messages, long listingOctets) {
        double total() {
            return open + stat + uidl;
        }
    }

    /** As the POP3 session does it: the STAT figures are summed at login, UIDL makes one line per message. */
    private static Login login(MailStore store, MailboxAddress address) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        try (Maildrop maildrop = store.open(address)) {
            long opened = System.nanoTime();
            cpu = threads.getCurrentThreadCpuTime() - cpu;
            List<MessageInfo> messages = maildrop.messages();
            long octets = 0;
            for (MessageInfo info : messages) {
                octets += info.size();
            }
            if (octets <= 0 && !messages.isEmpty()) {
                throw new IllegalStateException("STAT of " + address + " is " + octets);
            }
            long counted = System.nanoTime();
            StringBuilder line = new StringBuilder(80);
            long listing = 0;
            for (int n = 1; n <= messages.size(); n++) {
                line.setLength(0);
                line.append(n).append(' ').append(messages.get(n - 1).uniqueId()).append("\r\n");
                listing += line.length();
            }
            long listed = System.nanoTime();
            return new Login((opened - start) / 1e6, cpu / 1e6, (counted - opened) / 1e6, (listed - counted) / 1e6,
                    messages.size(), listing);
        }
    }

    private static long retainedByOpenMaildrop(MailStore store, MailboxAddress address) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = settledHeap(memory);
        try (Maildrop maildrop = store.open(address)) {
            long during = settledHeap(memory);
            if (maildrop.messages().isEmpty()) {
                throw new IllegalStateException("empty maildrop");
            }
            return during - before;
        }
    }

    private static long settledHeap(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static long allocatedByOpen(MailStore store, MailboxAddress address) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        try (Maildrop maildrop = store.open(address)) {
            return threads.getThreadAllocatedBytes(thread) - before + (maildrop.messages().isEmpty() ? 1 : 0);
        }
    }

    /**
     * Message {@code g} of {@code size} octets with LF line ends: a header, then lines of varied
     * text, the same shape as the rows the PostgreSQL fill writes.
     */
    private static byte[] message(int g, int size) {
        StringBuilder text = new StringBuilder(size + 64);
        text.append("From: bench@example.net\nSubject: message ").append(g).append("\n\n");
        for (int line = 0; text.length() < size; line++) {
            text.append(Integer.toHexString((g * 31 + line) * 0x9E3779B1)).append(" the quick brown fox jumps\n");
        }
        text.setLength(size - 1);
        return text.append('\n').toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Drops the page cache, as root; says what was done. */
    private static String dropPageCache() throws IOException, InterruptedException {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
        try {
            Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
            return "page cache dropped";
        } catch (IOException e) {
            return "page cache NOT dropped (" + e.getMessage() + ")";
        }
    }

    /** Without a list of the tree's paths: a million of them would not fit in a small heap. */
    private static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** A store under test: how to open it, fill a mailbox quickly, and make its next login cold. */
    private interface Backend extends AutoCloseable {
        String name();

        MailStore open();

        void fill(MailboxAddress address, int messages) throws Exception;

        /** Makes the next login with a new store as cold as can be; says what was done. */
        String makeCold() throws Exception;

        @Override
        void close() throws IOException;
    }

    /** Maildir, without fsync (what is timed reads; only the untimed deliveries write). */
    private static final class MaildirBackend implements Backend {
        private final Path root;

        MaildirBackend(Path root) {
            this.root = root;
        }

        @Override
        public String name() {
            return "maildir";
        }

        @Override
        public MailStore open() {
            return MailStoreProvider.forType("maildir").open(Map.of("path", root.toString(), "fsync", false), root);
        }

        /** Files in {@code new/}, named as delivery names them: time, microseconds, pid and counter, host, sizes. */
        @Override
        public void fill(MailboxAddress address, int messages) throws IOException {
            Path newFolder = root.resolve(address.domain()).resolve(address.localPart()).resolve("Maildir/new");
            long firstSecond = Instant.now().getEpochSecond() - messages / 100 - 3600;
            for (int g = 1; g <= messages; g++) {
                byte[] content = message(g, 2048 + (int) ((g * 7919L) % 2049));
                long lines = 0;
                for (byte b : content) {
                    lines += b == '\n' ? 1 : 0;
                }
                String name = (firstSecond + g / 100) + ".M" + (g % 100) * 10_000 + "P4242Q" + g + ".bench,S="
                        + content.length + ",W=" + (content.length + lines);
                Files.write(newFolder.resolve(name), content);
            }
        }

        @Override
        public String makeCold() throws Exception {
            return dropPageCache();
        }

        @Override
        public void close() {
            // the tree is removed with the benchmark's directory
        }
    }

    /** PostgreSQL on an embedded server of its own; the mailbox filled in SQL with the rows delivery writes. */
    private static final class JpaBackend implements Backend {
        private final EmbeddedPostgresServer server;
        private final String url;

        private JpaBackend(EmbeddedPostgresServer server) {
            this.server = server;
            this.url = server.url(DATABASE);
        }

        static JpaBackend start(Path base) throws SQLException {
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start(base);
            try (Connection admin = DriverManager.getConnection(server.url("postgres"), server.user(), server.password());
                 Statement statement = admin.createStatement()) {
                statement.execute("CREATE DATABASE " + DATABASE);
            }
            return new JpaBackend(server);
        }

        @Override
        public String name() {
            return "postgresql";
        }

        @Override
        public MailStore open() {
            return MailStoreProvider.forType("jpa").open(Map.of("url", url, "user", server.user(), "pool-size", 4), Path.of("."));
        }

        /** Bodies of 2 to 4 KB of varied text, one chunk each, and the mailbox's usage, in a few statements. */
        @Override
        public void fill(MailboxAddress address, int messages) throws SQLException {
            try (Connection connection = DriverManager.getConnection(url, server.user(), server.password())) {
                connection.setAutoCommit(false);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("""
                            CREATE TEMPORARY TABLE fill ON COMMIT DROP AS
                            SELECT nextval('message_ids') AS id,
                                   rpad('From: bench@example.net' || chr(10) || 'Subject: message ' || g || chr(10) || chr(10),
                                        (2048 + (g::bigint * 7919) %% 2049)::int, md5(g::text) || chr(10)) AS body
                              FROM generate_series(1, %d) g""".formatted(messages));
                }
                try (PreparedStatement chunks = connection.prepareStatement(
                        "INSERT INTO message_chunks (message_id, seq, data) SELECT id, 0, convert_to(body, 'UTF8') FROM fill");
                     PreparedStatement rows = connection.prepareStatement("""
                             INSERT INTO messages (id, mailbox_id, stored_size, crlf_size, delivered_at)
                             SELECT f.id, m.id, length(f.body), 2 * length(f.body) - length(replace(f.body, chr(10), '')),
                                    clock_timestamp()
                               FROM fill f, mailboxes m JOIN domains d ON d.id = m.domain_id
                              WHERE d.name = ? AND m.local_part = ? ORDER BY f.id""");
                     PreparedStatement usage = connection.prepareStatement("""
                             UPDATE mailboxes m SET message_count = s.n, stored_octets = s.octets
                               FROM (SELECT count(*) AS n, sum(length(body)) AS octets FROM fill) s, domains d
                              WHERE d.id = m.domain_id AND d.name = ? AND m.local_part = ?""")) {
                    chunks.executeUpdate();
                    rows.setString(1, address.domain());
                    rows.setString(2, address.localPart());
                    rows.executeUpdate();
                    usage.setString(1, address.domain());
                    usage.setString(2, address.localPart());
                    usage.executeUpdate();
                }
                connection.commit();
            }
            vacuum();
        }

        /** What autovacuum does soon after a bulk load (it sets the visibility map that index-only scans need). */
        private void vacuum() throws SQLException {
            try (Connection connection = DriverManager.getConnection(url, server.user(), server.password());
                 Statement statement = connection.createStatement()) {
                // The server commits asynchronously, and VACUUM marks a page all-visible only once the
                // commits of its rows are flushed.
                statement.execute("CHECKPOINT");
                statement.execute("VACUUM ANALYZE messages");
                statement.execute("VACUUM ANALYZE message_chunks");
            }
        }

        @Override
        public String makeCold() throws Exception {
            server.stop();
            String dropped = dropPageCache();
            server.start();
            return "database restarted, " + dropped;
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
