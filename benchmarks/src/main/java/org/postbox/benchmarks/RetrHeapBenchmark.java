package org.postbox.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.postbox.config.PostboxConfig;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.spi.FileTrees;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows that the server's memory does not grow with message size: N clients retrieve one
 * message of SIZE MB each, at the same time, from a postboxd running in its own JVM with a
 * small heap, while the benchmark watches that JVM's heap.
 *
 * <pre>
 * java -cp CLASSPATH org.postbox.benchmarks.RetrHeapBenchmark [clients=20] [sizeMb=20] [serverHeap=128m]
 * </pre>
 *
 * The default heap of 128 MiB is a third of what 20 clients of 20 MB retrieve, and about the
 * least one ARGON2ID hash thread (64 MiB while it runs) plus the daemon need.
 *
 * A program, not a test: it prints figures and exits 0, or exits 1 when a retrieval failed.
 */
public final class RetrHeapBenchmark {
    private static final String PASSWORD = "benchmark-password";
    private static final Pattern RUNNING = Pattern.compile("postboxd \\S+ running, .* listeners pop3=([\\d.]+):(\\d+)");
    private static final double MB = 1024.0 * 1024.0;

    private RetrHeapBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        quietLogging();
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int sizeMb = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        String serverHeap = args.length > 2 ? args[2] : "128m";
        if (clients < 1 || sizeMb < 1) {
            System.err.println("usage: RetrHeapBenchmark [clients>=1] [sizeMb>=1] [serverHeap, e.g. 256m]");
            System.exit(64);
        }
        Path dir = Files.createTempDirectory("postbox-retr-benchmark");
        try {
            System.exit(run(dir, clients, sizeMb, serverHeap));
        } finally {
            FileTrees.deleteRecursively(dir);
        }
    }

    private static int run(Path dir, int clients, int sizeMb, String serverHeap) throws Exception {
        Path configFile = dir.resolve("postbox.yaml");
        Files.writeString(configFile, String.join("\n",
                "listeners:",
                "  - name: pop3",
                "    address: 127.0.0.1",
                "    port: 0",
                "limits:",
                "  max-connections: " + Math.max(100, clients * 2),
                "auth:",
                "  failure-delay: 0s",
                "  hash-threads: 1",
                "store:",
                "  type: maildir",
                "  path: " + dir.resolve("mail"),
                "  fsync: false",
                "logging:",
                "  level: info",
                "metrics:",
                "  enabled: false",
                ""));
        GeneratedMessage message = new GeneratedMessage((long) sizeMb * 1024 * 1024);
        List<MailboxAddress> mailboxes = provision(configFile, clients, message);

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process server = new ProcessBuilder(java.toString(), "-Xms" + serverHeap, "-Xmx" + serverHeap,
                "-cp", System.getProperty("java.class.path"),
                "org.postbox.daemon.PostboxDaemon", "--config", configFile.toString())
                .redirectErrorStream(true).start();
        try {
            InetSocketAddress address = awaitRunning(server);
            warmUp(address);
            try (ServerHeapMonitor heap = ServerHeapMonitor.attach(server.pid())) {
                heap.start();
                long started = System.nanoTime();
                long total = retrieveConcurrently(address, mailboxes);
                double seconds = (System.nanoTime() - started) / 1e9;
                ServerHeapMonitor.Report report = heap.stop();
                print(clients, message.size(), total, seconds, serverHeap, report);
            }
            return 0;
        } catch (IOException e) {
            System.err.println("benchmark failed: " + e.getMessage());
            return 1;
        } finally {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** One mailbox per client, each holding the same generated message. */
    private static List<MailboxAddress> provision(Path configFile, int clients, GeneratedMessage message) {
        List<MailboxAddress> mailboxes = new ArrayList<>();
        try (MailStore store = PostboxConfig.load(configFile).store().open()) {
            store.directory().addDomain("bench.example");
            // PLAIN, not ARGON2ID: each ARGON2ID check holds 64 MiB while it runs, which would
            // swamp the figure this benchmark is about (the memory RETR needs).
            String hash = "{PLAIN}" + PASSWORD;
            for (int i = 1; i <= clients; i++) {
                MailboxAddress mailbox = MailboxAddress.parse("reader" + i + "@bench.example");
                store.directory().addMailbox(mailbox, hash);
                mailboxes.add(mailbox);
            }
            List<DeliveryOutcome> outcomes = store.deliver(mailboxes, message::open);
            for (int i = 0; i < outcomes.size(); i++) {
                if (!(outcomes.get(i) instanceof DeliveryOutcome.Delivered)) {
                    throw new IllegalStateException("delivery to " + mailboxes.get(i) + " failed: " + outcomes.get(i));
                }
            }
        }
        return mailboxes;
    }

    /** Waits for the daemon's "running" line and returns the address it bound; echoes its output. */
    private static InetSocketAddress awaitRunning(Process server) throws Exception {
        CompletableFuture<InetSocketAddress> running = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    Matcher m = RUNNING.matcher(line);
                    if (m.find()) {
                        running.complete(new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2))));
                    } else if (!line.contains(" INFO ")) {
                        System.out.println("postboxd| " + line); // warnings and errors only
                    }
                }
            } catch (IOException e) {
                running.completeExceptionally(e);
            }
            running.completeExceptionally(new IOException("postboxd exited before it was running"));
        }, "postboxd-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return running.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("postboxd did not report that it was running within 60 s");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * One failed login before measuring: it waits for the daemon's start-up work (the ARGON2ID
     * hash that unknown users are checked against) to finish, so that work is not counted.
     */
    private static void warmUp(InetSocketAddress address) throws IOException {
        try {
            new Pop3Retrieval(address, "nobody@bench.example", PASSWORD).run();
            throw new IOException("warm-up login of an unknown user succeeded");
        } catch (Pop3Retrieval.Refused expected) {
            // -ERR to PASS, as it should be
        }
    }

    private static long retrieveConcurrently(InetSocketAddress address, List<MailboxAddress> mailboxes)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(mailboxes.size());
        try {
            CountDownLatch ready = new CountDownLatch(mailboxes.size());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Long>> results = new ArrayList<>();
            for (MailboxAddress mailbox : mailboxes) {
                results.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return new Pop3Retrieval(address, mailbox.toString(), PASSWORD).run();
                }));
            }
            ready.await();
            go.countDown();
            long total = 0;
            for (Future<Long> result : results) {
                try {
                    total += result.get(10, TimeUnit.MINUTES);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void print(int clients, long size, long total, double seconds, String serverHeap,
            ServerHeapMonitor.Report heap) {
        System.out.printf(Locale.ROOT, "clients                      %d%n", clients);
        System.out.printf(Locale.ROOT, "message size                 %.1f MB%n", size / MB);
        System.out.printf(Locale.ROOT, "total retrieved              %.1f MB (%d octets)%n", total / MB, total);
        System.out.printf(Locale.ROOT, "wall time                    %.2f s%n", seconds);
        System.out.printf(Locale.ROOT, "throughput                   %.1f MB/s%n", total / MB / seconds);
        System.out.printf(Locale.ROOT, "server heap (-Xmx)           %s (max %.0f MB)%n", serverHeap, heap.maxHeap() / MB);
        System.out.printf(Locale.ROOT, "server peak used, sampled    %.1f MB%n", heap.sampledPeak() / MB);
        System.out.printf(Locale.ROOT, "server peak used, pool peaks %.1f MB%n", heap.poolPeaks() / MB);
        System.out.printf(Locale.ROOT, "server peak after GC         %.1f MB%n", heap.peakAfterGc() / MB);
    }

    /** The benchmark's own store work need not log every mailbox it creates. */
    private static void quietLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
        }
    }
}
