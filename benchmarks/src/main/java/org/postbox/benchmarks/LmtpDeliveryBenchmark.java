package org.postbox.benchmarks;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.postbox.lmtp.LmtpAcceptor;
import org.postbox.lmtp.LmtpSettings;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailStoreProvider;
import org.postbox.mailstore.spi.FileTrees;
import org.postbox.session.WorkerPool;

/**
 * Deliveries per second over LMTP into a Maildir store, the LMTP listener alone (no daemon
 * around it) with a worker pool of a chosen size: the load of {@link LmtpLoad}. A program, not a
 * test: it prints its figures and never fails a build.
 *
 * <pre>
 * ./mvnw -q -Dbuild.dirname=target-bench -pl benchmarks -am package -DskipTests
 * java -cp "$(cat benchmarks/target-bench/classpath.txt):benchmarks/target-bench/benchmarks-0.1.0-SNAPSHOT.jar" \
 *     org.postbox.benchmarks.LmtpDeliveryBenchmark [connections=4] [messages=2000] [fsync=true] [workers=8]
 * </pre>
 */
public final class LmtpDeliveryBenchmark {

    private LmtpDeliveryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = KeyValueArguments.parse(args);
        int connections = Integer.parseInt(options.getOrDefault("connections", "4"));
        int messages = Integer.parseInt(options.getOrDefault("messages", "2000"));
        boolean fsync = Boolean.parseBoolean(options.getOrDefault("fsync", "true"));
        int workerThreads = Integer.parseInt(options.getOrDefault("workers", "8"));

        Path directory = Files.createTempDirectory("lmtp-bench-");
        // A queue for every connection's one task: the benchmark measures deliveries, not refusals.
        WorkerPool workers = new WorkerPool("lmtp-worker", workerThreads, Math.max(1, connections));
        MailStore store = MailStoreProvider.forType("maildir")
                .open(Map.of("path", directory.resolve("mail").toString(), "fsync", fsync), directory);
        LmtpAcceptor acceptor = LmtpAcceptor.builder(LmtpSettings.defaults("bench.test", directory.resolve("spool")), store, workers).build();
        try {
            LmtpLoad.addMailboxes(store);
            InetSocketAddress address = acceptor.bind(new InetSocketAddress("127.0.0.1", 0));
            double seconds = LmtpLoad.measure(address, connections, messages);
            System.out.printf(Locale.ROOT, "LMTP -> Maildir (fsync %s, %d workers): %d connections x %d messages of %d octets: %s%n",
                    fsync ? "on" : "off", workerThreads, connections, messages, LmtpLoad.MESSAGE_OCTETS,
                    LmtpLoad.rate(connections, messages, seconds).strip());
        } finally {
            acceptor.shutdown(Duration.ofSeconds(5));
            workers.close();
            store.close();
            FileTrees.deleteRecursively(directory);
        }
    }
}
