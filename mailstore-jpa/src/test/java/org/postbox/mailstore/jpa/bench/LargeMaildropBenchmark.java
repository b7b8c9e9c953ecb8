package org.postbox.mailstore.jpa.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailStoreProvider;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageInfo;
import org.postbox.mailstore.jpa.testing.EmbeddedPostgresServer;

/**
 * Figures of opening one huge maildrop on PostgreSQL, printed, never asserted: what a POP3 login
 * of a client that leaves its mail on the server costs the server: the maildrop's lock and
 * snapshot, STAT (the sum of the sizes) and the whole UIDL listing. Cold is the first login after
 * the database restarted, with a new store (three restarts; the operating system's file cache
 * stays warm), warm the logins after it; the heap figure is what an open maildrop keeps (after
 * full collections), the allocation what the opening thread allocated in all. Give the JVM a
 * small heap ({@code -Xmx200m}) to see the largest mailbox open within it.
 *
 * <p>Message counts are the arguments (default 100000); each gets a mailbox of its own, filled in
 * SQL with the rows delivery writes and bodies of 2 to 4 KB. From the repository root:
 * <pre>
 * ./mvnw -q -o -Dbuild.dirname=target-bench -pl mailstore-jpa -am test-compile dependency:build-classpath \
 *     -Dmdep.includeScope=test -Dmdep.outputFile=target-bench/test-classpath.txt
 * java -Xmx200m -cp mailstore-jpa/target-bench/test-classes:mailstore-jpa/target-bench/classes:$(cat mailstore-jpa/target-bench/test-classpath.txt) \
 *     org.postbox.mailstore.jpa.bench.LargeMaildropBenchmark 100000 1000000
 * </pre>
 */
public final class LargeMaildropBenchmark {

    private static final int WARM_RUNS = 7;
    private static final int COLD_RUNS = 3;
    private static final String DATABASE = "postbox_large";

    private final EmbeddedPostgresServer server;
    private final String url;

    private LargeMaildropBenchmark(EmbeddedPostgresServer server) {
        this.server = server;
        this.url = server.url(DATABASE);
    }

    public static void main(String[] args) throws Exception {
        int[] counts = args.length == 0 ? new int[] {100_000} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Files.createTempDirectory("postbox-large-"))) {
            try (Connection admin = DriverManager.getConnection(server.url("postgres"), server.user(), server.password());
                 Statement statement = admin.createStatement()) {
                statement.execute("CREATE DATABASE " + DATABASE);
            }
            new LargeMaildropBenchmark(server).run(counts);
        }
    }

    private void run(int[] counts) throws Exception {
        System.out.printf("large maildrops on embedded PostgreSQL (fsync off): %d cores, max heap %d MB%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        MailboxAddress warmUp = MailboxAddress.parse("warmup@large.example");
        try (MailStore store = open()) {
            store.directory().addDomain("large.example");
            store.directory().addMailbox(warmUp, "{PLAIN}bench");
            for (int count : counts) {
                store.directory().addMailbox(mailbox(count), "{PLAIN}bench");
            }
        }
        fill(warmUp, 10_000);
        for (int count : counts) {
            fill(mailbox(count), count);
        }
        vacuum();
        // The JIT compiles the login path before anything is timed, so that cold is the database's cold.
        try (MailStore store = open()) {
            for (int i = 0; i < 30; i++) {
                login(store, warmUp);
            }
        }
        for (int count : counts) {
            measure(mailbox(count));
        }
    }

    private static MailboxAddress mailbox(int count) {
        return MailboxAddress.parse("m" + count + "@large.example");
    }

    private void measure(MailboxAddress address) throws Exception {
        double[] cold = new double[COLD_RUNS];
        for (int i = 0; i < COLD_RUNS; i++) {
            server.stop();
            server.start();
            try (MailStore store = open()) {
                cold[i] = login(store, address).total();
            }
        }
        try (MailStore store = open()) {
            login(store, address);
            Login[] warm = new Login[WARM_RUNS];
            for (int i = 0; i < WARM_RUNS; i++) {
                warm[i] = login(store, address);
            }
            long retained = retainedByOpenMaildrop(store, address);
            long allocated = allocatedByOpen(store, address);
            System.out.printf("%s, %,d messages (UIDL listing %,d octets):%n", address, warm[0].messages(), warm[0].listingOctets());
            System.out.printf("  open+STAT+UIDL cold %s ms (database restarted, new store)%n", figures(cold));
            System.out.printf("  open+STAT+UIDL warm %s ms; of which open %s, STAT %s, UIDL %s;"
                            + " this process's CPU time for open %s%n",
                    figures(Arrays.stream(warm).mapToDouble(Login::total).toArray()),
                    figures(Arrays.stream(warm).mapToDouble(Login::open).toArray()),
                    figures(Arrays.stream(warm).mapToDouble(Login::stat).toArray()),
                    figures(Arrays.stream(warm).mapToDouble(Login::uidl).toArray()),
                    figures(Arrays.stream(warm).mapToDouble(Login::openCpu).toArray()));
            System.out.printf("  an open maildrop retains %,.1f MB of heap; opening it allocates %,.1f MB%n", retained / 1e6, allocated / 1e6);
        }
    }

    /** Median, min and max: the machine may be shared, and the minimum is the least disturbed figure. */
    private static String figures(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return String.format("median %.1f (min %.1f, max %.1f)", sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1]);
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
            return new Login((opened - start) / 1e6, cpu / 1e6, (counted - opened) / 1e6, (listed - counted) / 1e6, messages.size(), listing);
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
     * The rows delivery writes, in a few statements: bodies of 2 to 4 KB of varied text, one chunk
     * each, and the mailbox's usage.
     */
    private void fill(MailboxAddress address, int messages) throws SQLException {
        long start = System.nanoTime();
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
        System.out.printf("filled %s with %,d messages in %.1f s%n", address, messages, (System.nanoTime() - start) / 1e9);
    }

    /** What autovacuum does soon after a bulk load (it sets the visibility map that index-only scans need). */
    private void vacuum() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, server.user(), server.password());
             Statement statement = connection.createStatement()) {
            // The test server commits asynchronously, and VACUUM marks a page all-visible only once the
            // commits of its rows are flushed.
            statement.execute("CHECKPOINT");
            statement.execute("VACUUM ANALYZE messages");
            statement.execute("VACUUM ANALYZE message_chunks");
        }
    }

    private MailStore open() {
        return MailStoreProvider.forType("jpa").open(Map.of("url", url, "user", server.user(), "pool-size", 4), Path.of("."));
    }
}
