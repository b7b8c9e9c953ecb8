package org.postbox.mailstore.jpa.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailStoreProvider;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageInfo;
import org.postbox.mailstore.MessageSource;
import org.postbox.mailstore.jpa.testing.EmbeddedPostgresServer;

/**
 * Figures of the PostgreSQL store through its SPI, printed, never asserted: login (account
 * look-up, maildrop open, the UIDL listing) on mailboxes of 1,000 and 100,000 messages, cold
 * (database just restarted, new store) and warm; deliveries per second into one mailbox and
 * spread over 1,000; the heap while 20 sessions read a 20 MB message each.
 *
 * <p>Runs against an embedded server of its own (or {@code POSTBOX_TEST_PG_URL}, then without the
 * cold figures, which need a restart). From the repository root:
 * <pre>
 * ./mvnw -q -Dbuild.dirname=target-bench -pl mailstore-jpa -am test-compile dependency:build-classpath \
 *     -Dmdep.includeScope=test -Dmdep.outputFile=target-bench/test-classpath.txt
 * java -Xmx256m -cp mailstore-jpa/target-bench/test-classes:mailstore-jpa/target-bench/classes:$(cat mailstore-jpa/target-bench/test-classpath.txt) \
 *     org.postbox.mailstore.jpa.bench.JpaStoreBenchmark
 * </pre>
 * The large mailbox is filled in SQL (the same rows delivery writes, minus the time to write
 * them); delivery is measured separately, through the store.
 */
public final class JpaStoreBenchmark {

    private static final int SMALL = 1_000;
    private static final int LARGE = 100_000;
    private static final int WARM_RUNS = 5;
    private static final int DELIVERIES = 2_000;
    private static final int SPREAD_MAILBOXES = 1_000;
    private static final int READERS = 20;
    private static final int LARGE_MESSAGE = 20 * 1024 * 1024;
    private static final byte[] MAIL = mail(4 * 1024);

    private final EmbeddedPostgresServer server;
    private final String url;
    private final String user;
    private final String password;

    private JpaStoreBenchmark(EmbeddedPostgresServer server, String url, String user, String password) {
        this.server = server;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public static void main(String[] args) throws Exception {
        String external = System.getenv("POSTBOX_TEST_PG_URL");
        if (external != null && !external.isBlank()) {
            new JpaStoreBenchmark(null, external, env("POSTBOX_TEST_PG_USER", "postgres"), env("POSTBOX_TEST_PG_PASSWORD", "")).run();
            return;
        }
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Files.createTempDirectory("postbox-bench-"))) {
            String database = "postbox_bench";
            try (Connection admin = DriverManager.getConnection(server.url("postgres"), server.user(), server.password());
                 Statement statement = admin.createStatement()) {
                statement.execute("CREATE DATABASE " + database);
            }
            new JpaStoreBenchmark(server, server.url(database), server.user(), server.password()).run();
        }
    }

    private void run() throws Exception {
        System.out.printf("PostgreSQL store benchmark: %d cores, max heap %d MB, %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                server == null ? url : "embedded PostgreSQL (fsync off)");
        MailboxAddress small = MailboxAddress.parse("small@bench.example");
        MailboxAddress large = MailboxAddress.parse("large@bench.example");
        try (MailStore store = open()) {
            store.directory().addDomain("bench.example");
            store.directory().addMailbox(small, "{PLAIN}bench");
            store.directory().addMailbox(large, "{PLAIN}bench");
        }
        fill(small, SMALL);
        fill(large, LARGE);
        analyze();

        login(small);
        login(large);
        deliveries();
        concurrentReads();
    }

    /** Login as POP3 does it: the account, the maildrop (lock and snapshot), then every UIDL line. */
    private void login(MailboxAddress address) throws Exception {
        double cold = Double.NaN;
        if (server != null) {
            server.stop();
            server.start();
            try (MailStore store = open()) {
                cold = timeLogin(store, address);
            }
        }
        try (MailStore store = open()) {
            timeLogin(store, address);
            double[] warm = new double[WARM_RUNS];
            for (int i = 0; i < WARM_RUNS; i++) {
                warm[i] = timeLogin(store, address);
            }
            Arrays.sort(warm);
            System.out.printf("login + UIDL, %,7d messages: cold %8.1f ms, warm median %7.1f ms (min %.1f, max %.1f)%n",
                    count(store, address), cold, warm[WARM_RUNS / 2], warm[0], warm[WARM_RUNS - 1]);
        }
    }

    private static double timeLogin(MailStore store, MailboxAddress address) {
        long start = System.nanoTime();
        store.directory().account(address).orElseThrow();
        long octets = 0;
        try (Maildrop maildrop = store.open(address)) {
            StringBuilder line = new StringBuilder(80);
            List<MessageInfo> messages = maildrop.messages();
            for (int n = 1; n <= messages.size(); n++) {
                line.setLength(0);
                line.append(n).append(' ').append(messages.get(n - 1).uniqueId()).append("\r\n");
                octets += line.length();
            }
        }
        if (octets == 0) {
            throw new IllegalStateException("empty listing");
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static int count(MailStore store, MailboxAddress address) {
        try (Maildrop maildrop = store.open(address)) {
            return maildrop.messages().size();
        }
    }

    private void deliveries() throws Exception {
        MailboxAddress one = MailboxAddress.parse("one@bench.example");
        List<MailboxAddress> spread = new ArrayList<>();
        try (MailStore store = open()) {
            store.directory().addMailbox(one, "{PLAIN}bench");
            long start = System.nanoTime();
            for (int i = 0; i < SPREAD_MAILBOXES; i++) {
                MailboxAddress address = MailboxAddress.parse("user" + i + "@bench.example");
                store.directory().addMailbox(address, "{PLAIN}bench");
                spread.add(address);
            }
            System.out.printf("provisioning: %,d mailboxes in %.1f s%n", SPREAD_MAILBOXES, (System.nanoTime() - start) / 1e9);
            for (int threads : new int[] {1, 8}) {
                System.out.printf("deliveries of 4 KiB, %d thread(s): one mailbox %,6.0f/s, over %,d mailboxes %,6.0f/s%n", threads,
                        deliver(store, threads, i -> one), SPREAD_MAILBOXES, deliver(store, threads, i -> spread.get(i % spread.size())));
            }
        }
    }

    private static double deliver(MailStore store, int threads, java.util.function.IntFunction<MailboxAddress> recipient)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Callable<Void>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(() -> {
                for (int i = next.getAndIncrement(); i < DELIVERIES; i = next.getAndIncrement()) {
                    List<DeliveryOutcome> outcome = store.deliver(List.of(recipient.apply(i)), MessageSource.of(MAIL));
                    if (!(outcome.get(0) instanceof DeliveryOutcome.Delivered)) {
                        throw new IllegalStateException("delivery failed: " + outcome);
                    }
                }
                return null;
            });
        }
        long start = System.nanoTime();
        runAll(workers);
        return DELIVERIES / ((System.nanoTime() - start) / 1e9);
    }

    /** 20 sessions read a 20 MB message each at once; the heap must stay far below 20 x 20 MB. */
    private void concurrentReads() throws Exception {
        List<MailboxAddress> readers = new ArrayList<>();
        try (MailStore store = open()) {
            for (int i = 0; i < READERS; i++) {
                MailboxAddress address = MailboxAddress.parse("reader" + i + "@bench.example");
                store.directory().addMailbox(address, "{PLAIN}bench");
                readers.add(address);
            }
            long start = System.nanoTime();
            List<DeliveryOutcome> outcomes = store.deliver(readers, () -> new GeneratedBody(LARGE_MESSAGE));
            if (!outcomes.stream().allMatch(DeliveryOutcome.Delivered.class::isInstance)) {
                throw new IllegalStateException("delivery failed: " + outcomes);
            }
            System.out.printf("delivery of one 20 MB message to %d mailboxes: %.1f s%n", READERS, (System.nanoTime() - start) / 1e9);

            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            System.gc();
            long baseline = memory.getHeapMemoryUsage().getUsed();
            AtomicLong peak = new AtomicLong(baseline);
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
                    0, 2, TimeUnit.MILLISECONDS);
            List<Callable<Void>> sessions = new ArrayList<>();
            AtomicLong read = new AtomicLong();
            for (MailboxAddress address : readers) {
                sessions.add(() -> {
                    try (Maildrop maildrop = store.open(address); InputStream in = maildrop.content(1)) {
                        byte[] buffer = new byte[64 * 1024];
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            read.addAndGet(n);
                        }
                    }
                    return null;
                });
            }
            start = System.nanoTime();
            runAll(sessions);
            double seconds = (System.nanoTime() - start) / 1e9;
            sampler.shutdownNow();
            System.out.printf("%d sessions reading 20 MB each: %.1f s (%.0f MB/s), heap baseline %d MB, sampled peak %d MB (max heap %d MB)%n",
                    READERS, seconds, read.get() / seconds / (1 << 20), baseline >> 20, peak.get() >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    private static void runAll(List<Callable<Void>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (Callable<Void> task : tasks) {
                futures.add(pool.submit(task));
            }
            for (Future<Void> future : futures) {
                future.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Fills a mailbox with the rows delivery writes, in bulk: one chunk per message. */
    private void fill(MailboxAddress address, int messages) throws SQLException {
        long start = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TEMPORARY TABLE fill AS SELECT nextval('message_ids') AS id FROM generate_series(1, " + messages + ")");
            }
            long crlf = MAIL.length + countBareLineFeeds(MAIL);
            try (PreparedStatement chunks = connection.prepareStatement(
                    "INSERT INTO message_chunks (message_id, seq, data) SELECT id, 0, ? FROM fill");
                 PreparedStatement rows = connection.prepareStatement("""
                         INSERT INTO messages (id, mailbox_id, stored_size, crlf_size, delivered_at)
                         SELECT f.id, m.id, ?, ?, clock_timestamp() FROM fill f,
                                mailboxes m JOIN domains d ON d.id = m.domain_id WHERE d.name = ? AND m.local_part = ?""");
                 PreparedStatement usage = connection.prepareStatement("""
                         UPDATE mailboxes m SET message_count = message_count + ?, stored_octets = stored_octets + ?
                           FROM domains d WHERE d.id = m.domain_id AND d.name = ? AND m.local_part = ?""")) {
                chunks.setBytes(1, MAIL);
                chunks.executeUpdate();
                rows.setLong(1, MAIL.length);
                rows.setLong(2, crlf);
                rows.setString(3, address.domain());
                rows.setString(4, address.localPart());
                rows.executeUpdate();
                usage.setInt(1, messages);
                usage.setLong(2, (long) messages * MAIL.length);
                usage.setString(3, address.domain());
                usage.setString(4, address.localPart());
                usage.executeUpdate();
            }
            connection.commit();
        }
        System.out.printf("filled %s with %,d messages in %.1f s%n", address, messages, (System.nanoTime() - start) / 1e9);
    }

    private void analyze() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            // What autovacuum does soon after a bulk load; it makes the listing an index-only scan. The
            // embedded server commits asynchronously, and VACUUM marks a page all-visible only once the
            // commits of its rows are flushed: without a checkpoint it marks none.
            if (server != null) {
                statement.execute("CHECKPOINT");
            }
            statement.execute("VACUUM ANALYZE messages");
        }
    }

    private MailStore open() {
        Map<String, Object> settings = password.isEmpty()
                ? Map.of("url", url, "user", user, "pool-size", 12)
                : Map.of("url", url, "user", user, "password", password, "pool-size", 12);
        return MailStoreProvider.forType("jpa").open(settings, Path.of("."));
    }

    private static long countBareLineFeeds(byte[] mail) {
        long count = 0;
        for (int i = 0; i < mail.length; i++) {
            if (mail[i] == '\n' && (i == 0 || mail[i - 1] != '\r')) {
                count++;
            }
        }
        return count;
    }

    private static byte[] mail(int size) {
        StringBuilder text = new StringBuilder("From: bench@example.net\nTo: user@bench.example\nSubject: benchmark\n\n");
        while (text.length() < size) {
            text.append("The quick brown fox jumps over the lazy dog, line after line.\n");
        }
        return text.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    /** A large message made on the fly, never held in memory. */
    private static final class GeneratedBody extends InputStream {
        private static final byte[] LINE = "0123456789 The quick brown fox jumps over the lazy dog, again and again.\n"
                .getBytes(StandardCharsets.US_ASCII);
        private final long length;
        private long produced;

        GeneratedBody(long length) {
            this.length = length;
        }

        @Override
        public int read() {
            return produced < length ? LINE[(int) (produced++ % LINE.length)] : -1;
        }

        @Override
        public int read(byte[] target, int offset, int count) {
            if (produced >= length) {
                return -1;
            }
            int n = (int) Math.min(count, length - produced);
            for (int i = 0; i < n; i++) {
                target[offset + i] = LINE[(int) (produced++ % LINE.length)];
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            produced = length;
        }
    }
}
