package org.postbox.system.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.List;
import java.util.Map;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postbox.system.Account;
import org.postbox.system.ChildProcess;
import org.postbox.system.Loopback;
import org.postbox.system.Pop3Session;
import org.postbox.system.PostboxConfigFile;
import org.postbox.system.PostboxDaemon;
import org.postbox.system.PostboxDistribution;
import org.postbox.system.StoreBackend;

/**
 * Each {@link Flood} against one postboxd (Maildir), while a well-behaved client logs in over and
 * over: the daemon must keep answering it quickly, keep its memory bounded, and log no ERROR with
 * a stack trace for what is, for a server on the Internet, ordinary client misbehaviour.
 *
 * <p>The daemon admits 20,000 connections per listener and any number per address, as a provider
 * facing a botnet of many addresses would see it; with the defaults (50 per address) one address
 * could not flood at all. Each flood lasts {@code -Dfaults.flood-seconds} (default 4) and holds
 * {@code -Dfaults.flood-connections} connections (default 1,000) where it holds any; the
 * many-connections flood holds {@code -Dfaults.many-connections} (default 5,000, at most 20,000),
 * or fewer if the descriptor limits allow fewer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FloodTest {

    private static final Duration FLOOD = Duration.ofSeconds(Long.getLong("faults.flood-seconds", 4));
    private static final int HELD = Integer.getInteger("faults.flood-connections", 1000);
    /** What the issue asks of the many-connections flood. */
    private static final int MANY = 20_000;
    /**
     * The many-connections flood's size ({@code -Dfaults.many-connections}), capped by what the
     * descriptor limits allow. 5,000 in CI: the daemon takes about a second per 1,000 connections
     * to accept, greet and log them and again to close them, which 20,000 would add to every build.
     */
    private static final int MANY_WANTED = Integer.getInteger("faults.many-connections", 5_000);
    /** Descriptors either end keeps for everything but the flood's sockets (jars, logs, listeners, the store). */
    private static final int DESCRIPTOR_RESERVE = 1024;
    /**
     * A login (connect, greeting, USER, PASS) takes a few milliseconds on an idle machine. Two
     * seconds at the 99th percentile is still "responsive" to a person waiting for mail and far
     * from any client's timeout (fetchmail and mpop wait a minute or more), while leaving room for
     * a 2-core CI machine that also runs the flood's own client threads. A daemon whose accept or
     * worker threads the flood took would not answer within the login timeout (60 s) at all.
     */
    private static final long P99_BOUND_MILLIS = 2_000;
    /**
     * postboxd caps its heap at 128 MiB + 64 MiB per hashing thread (192 MiB on 2 cores, see
     * bin/postboxd); the JVM's own code, metaspace and thread stacks add about 150 MiB. 640 MiB
     * leaves room for that and for per-connection buffers of 20,000 sessions, yet a daemon that
     * kept a flood's 1 MiB lines (or a buffer per garbage connection) would pass it in seconds.
     */
    private static final long RSS_BOUND_MIB = 640;
    private static final Account ACCOUNT = new Account("alice@flood.test", "Tr0ub4dor&3");

    private final PostboxDistribution distribution = PostboxDistribution.assembled();
    private PostboxDaemon daemon;
    private Flood.Ports ports;

    @BeforeAll
    void startPostboxd(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws IOException {
        assumeTrue(onPath("openssl"),
                "openssl is not installed: no certificate for the POP3S listener");
        Path home = dir.resolve("postbox");
        Path logs = home.resolve("logs");
        Files.createDirectories(logs);
        ChildProcess.Finished certificate = ChildProcess.run(List.of("openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
                "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"),
                home, Map.of(), logs, "openssl", Duration.ofMinutes(1));
        assertThat(certificate.exitCode()).as(certificate.describe()).isZero();

        int pop3 = Loopback.freePort();
        int pop3s = Loopback.freePort();
        int lmtp = Loopback.freePort();
        Path config = PostboxConfigFile.writeWithListeners(home.resolve("postbox.yaml"), pop3, lmtp,
                "  - {name: pop3s, protocol: pop3, address: " + Loopback.HOST + ", port: " + pop3s + ", tls: implicit}\n",
                home.resolve("spool"),
                StoreBackend.MAILDIR.storeSection(home, () -> {
                    throw new IllegalStateException("Maildir needs no database");
                })
                        + "limits:\n  max-connections: " + MANY + "\n  max-connections-per-ip: 1000000\n"
                        + "tls:\n  certificates:\n    - {cert: " + PostboxConfigFile.quoted(home.resolve("cert.pem").toString())
                        + ", key: " + PostboxConfigFile.quoted(home.resolve("key.pem").toString()) + "}\n");
        Path password = Files.writeString(home.resolve("password"), ACCOUNT.password() + "\n");
        for (List<String> command : List.of(List.of("domain", "add", ACCOUNT.domain()),
                List.of("mailbox", "add", ACCOUNT.address(), "--password-stdin"))) {
            ChildProcess.Finished done = distribution.postbox(config, logs, "postbox", command, Map.of(), password);
            assertThat(done.exitCode()).as(done.describe()).isZero();
        }
        daemon = distribution.startDaemon(config, logs, pop3, lmtp);
        ports = new Flood.Ports(pop3, pop3s);
    }

    @AfterAll
    void stopPostboxd() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Flood.class)
    void theDaemonKeepsServingAWellBehavedClient(Flood flood) {
        int connections = flood == Flood.MANY_CONNECTIONS ? manyConnections() : HELD;
        int logStart = daemon.output().length();
        WellBehavedClient.Logins logins;
        long injected;
        int held;
        long recoveryMillis;
        long peakMib;
        try (ResidentMemory memory = new ResidentMemory(daemon.pid())) {
            try (Attacker attacker = new Attacker()) {
                flood.start(attacker, ports, connections);
                try {
                    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                            .until(() -> flood.ramped(attacker, connections));
                } catch (ConditionTimeoutException e) {
                    throw new AssertionError(flood + " did not reach full strength: " + attacker.openNow() + " of " + connections
                            + " connections open, " + attacker.connections() + " made, " + attacker.failures() + " failed", e);
                }
                logins = WellBehavedClient.logInRepeatedly(ports.pop3(), ACCOUNT, FLOOD);
                injected = flood.injected(attacker);
                held = attacker.openNow();
            }
            long recoveryStart = System.nanoTime();
            try (Pop3Session after = Pop3Session.login(ports.pop3(), ACCOUNT)) {
                after.command("QUIT");
            }
            recoveryMillis = (System.nanoTime() - recoveryStart) / 1_000_000;
            memory.close(); // the last sample; closing twice is harmless
            peakMib = memory.peakMib();
        }

        Map<String, Object> figures = new FaultReport.Flood(flood.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                StoreBackend.MAILDIR.name(), logins.p99(), peakMib, logins.millis().size(),
                logins.refusals().size()).fields();
        // Beyond the shared fields: how much abuse, how many connections it held, and how soon the
        // first login after it succeeded.
        figures.put("injected", injected);
        figures.put("held_connections", held);
        figures.put("recovery_ms", recoveryMillis);
        FaultReport.appendLine(FaultReport.file(), figures);

        String during = daemon.output().substring(logStart);
        assertThat(logins.millis()).as("%s: successful logins (refusals: %s)", flood, logins.refusals()).isNotEmpty();
        assertThat(logins.refusals()).as("%s: refused logins", flood).isEmpty();
        assertThat(logins.p99()).as("%s: p99 login latency in ms, figures %s", flood, figures).isLessThan(P99_BOUND_MILLIS);
        assertThat(peakMib).as("%s: peak RSS in MiB, figures %s", flood, figures).isLessThan(RSS_BOUND_MIB);
        assertThat(DaemonLog.errorsWithStackTraces(during)).as("%s: ERROR lines with a stack trace in the daemon's log", flood).isEmpty();
    }

    /**
     * As many connections as both ends can hold within their descriptor limits (RLIMIT_NOFILE;
     * postboxd inherits this JVM's), at most {@link #MANY}.
     */
    private int manyConnections() {
        long limit = Math.min(openFilesLimit(Path.of("/proc/self/limits")),
                openFilesLimit(Path.of("/proc", Long.toString(daemon.pid()), "limits")));
        return (int) Math.min(Math.min(MANY_WANTED, MANY), limit - DESCRIPTOR_RESERVE);
    }

    private static long openFilesLimit(Path limits) {
        try {
            for (String line : Files.readAllLines(limits)) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).strip().split("\\s+")[0];
                    return "unlimited".equals(soft) ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
            throw new AssertionError("no 'Max open files' in " + limits);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}
