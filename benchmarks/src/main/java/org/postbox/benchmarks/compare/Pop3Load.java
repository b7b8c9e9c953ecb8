package org.postbox.benchmarks.compare;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.postbox.benchmarks.KeyValueArguments;

/**
 * The POP3 load generator of {@code compare-dovecot.sh}: one mode against one server, one JSON
 * line of figures on standard output (and appended to {@code results=FILE}).
 *
 * <pre>
 * java ... org.postbox.benchmarks.compare.Pop3Load mode=retr server=postbox port=11110 pid=1234 \
 *     data=/tmp/compare clients=16 warmup=3s duration=10s [tls=true] [depth=8] [round=1] [label=retr]
 * </pre>
 *
 * Modes: {@code login} (a connection per login: USER, PASS, QUIT), {@code uidl} (UIDL over and
 * over in one session per client), {@code retr} (RETR of every message in turn, {@code depth}
 * commands in flight), {@code idle} ({@code clients} sessions log in and stay; server memory is
 * read with all of them open), {@code maildrop} (login, STAT, LIST, UIDL, QUIT on the mailbox of
 * {@code expected} messages; {@code ops=1} for a single cold one). Client {@code i} uses mailbox
 * {@code u<i>} ({@code i<i>} for idle, {@code big} for maildrop), so no two sessions want the same
 * maildrop lock. {@code sources=N} spreads the clients over N local addresses 127.0.1.1 to
 * 127.0.1.N. All work runs on one selector thread; the figures include this process's CPU time,
 * against the wall time and against the server's ({@code pid} and its descendants), to show that
 * the client was not the bottleneck.
 */
public final class Pop3Load {

    private Pop3Load() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = KeyValueArguments.parse(args);
        String mode = options.getOrDefault("mode", "login");
        String label = options.getOrDefault("label", mode);
        int clients = Integer.parseInt(options.getOrDefault("clients", "16"));
        int depth = Integer.parseInt(options.getOrDefault("depth", "1"));
        String password = options.getOrDefault("password", "secret");
        Path data = Path.of(options.getOrDefault("data", "compare-data"));
        boolean tls = Boolean.parseBoolean(options.getOrDefault("tls", "false"));
        long pid = Long.parseLong(options.getOrDefault("pid", "0"));
        int sources = Integer.parseInt(options.getOrDefault("sources", "1"));
        int expected = Integer.parseInt(options.getOrDefault("expected", "100000"));
        boolean idle = "idle".equals(mode);
        InetSocketAddress server = new InetSocketAddress(options.getOrDefault("host", "127.0.0.1"),
                Integer.parseInt(options.getOrDefault("port", "1110")));

        IntFunction<Conversation> conversations = switch (mode) {
            case "login" -> slot -> new LoginConversation(user("u", slot), password);
            case "uidl" -> slot -> new UidlConversation(user("u", slot), password);
            case "retr" -> {
                Manifest manifest = Manifest.read(data.resolve("manifest.txt"));
                yield slot -> new RetrConversation(user("u", slot), password, depth, manifest);
            }
            case "idle" -> slot -> new IdleConversation(user("i", slot), password);
            case "maildrop" -> slot -> new MaildropScanConversation("big@" + TreeGenerator.DOMAIN, password, expected);
            default -> throw new IllegalArgumentException("mode is login, uidl, retr, idle or maildrop; got " + mode);
        };
        List<InetAddress> bind = new ArrayList<>();
        for (int i = 1; sources > 1 && i <= sources; i++) {
            bind.add(InetAddress.getByName("127.0.1." + i));
        }
        LoadRun.Settings settings = new LoadRun.Settings(server, tls ? trustingClientContext() : null, clients, bind,
                idle ? 0 : nanos(options.getOrDefault("warmup", "3s")),
                idle ? TimeUnit.MINUTES.toNanos(30) : nanos(options.getOrDefault("duration", "10s")),
                idle ? clients : Long.parseLong(options.getOrDefault("ops", "0")),
                idle ? Integer.parseInt(options.getOrDefault("connect-window", "64")) : clients,
                !idle && !"1".equals(options.get("ops")), idle);

        ServerProcess process = pid > 0 ? new ServerProcess(pid) : null;
        ServerProcess.Memory baseline = process != null && idle ? process.memory() : null;
        MemoryPeak peak = process != null && !idle ? MemoryPeak.start(process) : null;
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        AtomicLong clientCpu = new AtomicLong();
        AtomicLong serverCpu = new AtomicLong();
        AtomicLong cpuAtClose = new AtomicLong();
        ServerProcess.Memory[] withSessions = new ServerProcess.Memory[1];
        LoadRun run = new LoadRun(settings, conversations, new LoadRun.Window() {
            @Override
            public void opened() {
                clientCpu.set(-os.getProcessCpuTime());
                serverCpu.set(process == null ? 0 : -process.cpuNanos());
            }

            @Override
            public void closed() {
                clientCpu.addAndGet(os.getProcessCpuTime());
                cpuAtClose.set(process == null ? 0 : process.cpuNanos());
                serverCpu.addAndGet(cpuAtClose.get());
                if (idle && process != null) {
                    withSessions[0] = process.memory();
                }
            }
        });
        long window = run.run();
        if (peak != null) {
            peak.stop();
        }
        if ("1".equals(options.get("ops")) && process != null) {
            // A single session's window closes as the server closes the connection, before a
            // Dovecot pop3 process has exited and been reaped into its master's CPU time.
            Thread.sleep(500); // a program waiting for another process, not a test
            serverCpu.addAndGet(process.cpuNanos() - cpuAtClose.get());
        }

        double seconds = window / 1e9;
        JsonLine json = new JsonLine()
                .put("server", options.getOrDefault("server", "?"))
                .put("mode", label)
                .put("round", Long.parseLong(options.getOrDefault("round", "1")))
                .put("clients", clients)
                .put("seconds", seconds)
                .put("ops", run.ops())
                .put("ops_per_s", run.ops() / seconds)
                .put("mib_per_s", run.octets() / seconds / (1 << 20))
                .put("p50_ms", run.latencies().percentileMillis(50))
                .put("p99_ms", run.latencies().percentileMillis(99))
                .put("errors", run.errors())
                .put("refused", run.refusedCount())
                .put("client_cpu_s", clientCpu.get() / 1e9)
                .put("server_cpu_s", serverCpu.get() / 1e9)
                .put("client_cpu_share", clientCpu.get() / (double) window)
                .put("client_vs_server_cpu", serverCpu.get() == 0 ? Double.NaN : clientCpu.get() / (double) serverCpu.get());
        if (peak != null) {
            json.put("server_rss_peak_mib", peak.rssKib() / 1024.0).put("server_pss_peak_mib", peak.pssKib() / 1024.0);
        }
        if (baseline != null && withSessions[0] != null) {
            ServerProcess.Memory loaded = withSessions[0];
            long sessions = Math.max(1, run.establishedCount());
            json.put("sessions", run.establishedCount())
                    .put("rss_base_mib", baseline.rssKib() / 1024.0).put("pss_base_mib", baseline.pssKib() / 1024.0)
                    .put("rss_mib", loaded.rssKib() / 1024.0).put("pss_mib", loaded.pssKib() / 1024.0)
                    .put("processes", loaded.processes())
                    .put("rss_kib_per_session", (loaded.rssKib() - baseline.rssKib()) / (double) sessions)
                    .put("pss_kib_per_session", (loaded.pssKib() - baseline.pssKib()) / (double) sessions);
        }
        String line = json.toString();
        System.out.println(line);
        for (String error : run.errorSamples()) {
            System.err.println("  sample: " + error);
        }
        String results = options.get("results");
        if (results != null) {
            Files.writeString(Path.of(results), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    private static String user(String prefix, int slot) {
        return prefix + slot + "@" + TreeGenerator.DOMAIN;
    }

    /** {@code 500ms}, {@code 10s}, {@code 2m}. */
    static long nanos(String duration) {
        if (duration.endsWith("ms")) {
            return TimeUnit.MILLISECONDS.toNanos(Long.parseLong(duration.substring(0, duration.length() - 2)));
        }
        long amount = Long.parseLong(duration.substring(0, duration.length() - 1));
        return switch (duration.charAt(duration.length() - 1)) {
            case 's' -> TimeUnit.SECONDS.toNanos(amount);
            case 'm' -> TimeUnit.MINUTES.toNanos(amount);
            default -> throw new IllegalArgumentException("a duration is like 500ms, 10s or 2m; got " + duration);
        };
    }

    /** The servers use a self-signed certificate made for the run, on loopback: nothing to verify against. */
    private static SSLContext trustingClientContext() throws Exception {
        X509TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll}, null);
        return context;
    }

    /** Samples the server's memory once a second during a run and keeps the highest reading. */
    private static final class MemoryPeak implements Runnable {
        private final ServerProcess process;
        private final Thread thread;
        private volatile boolean stopped;
        private volatile long rss;
        private volatile long pss;

        private MemoryPeak(ServerProcess process) {
            this.process = process;
            this.thread = new Thread(this, "memory-peak");
            thread.setDaemon(true);
        }

        static MemoryPeak start(ServerProcess process) {
            MemoryPeak peak = new MemoryPeak(process);
            peak.thread.start();
            return peak;
        }

        @Override
        public void run() {
            while (!stopped) {
                ServerProcess.Memory now = process.memory();
                rss = Math.max(rss, now.rssKib());
                pss = Math.max(pss, now.pssKib());
                try {
                    Thread.sleep(1000); // a sampler in a benchmark program, not a test
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            stopped = true;
            thread.interrupt();
            thread.join();
        }

        long rssKib() {
            return rss;
        }

        long pssKib() {
            return pss;
        }
    }
}
