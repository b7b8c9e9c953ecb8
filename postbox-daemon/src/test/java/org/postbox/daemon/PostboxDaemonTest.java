package org.postbox.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.config.PostboxConfig;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MessageInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class PostboxDaemonTest {
    @TempDir
    Path dir;

    /** Output of one {@link PostboxDaemon#run} call. */
    private record Outcome(int status, String out, String err) {
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PostboxDaemon.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path config(String yaml) throws Exception {
        Path file = dir.resolve("postbox.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void helpPrintsUsage() {
        Outcome outcome = run("--help");

        assertThat(outcome.status()).isZero();
        assertThat(outcome.out()).startsWith("Usage: postboxd").contains("--config=FILE", "--check-config", "Exit status:");
        assertThat(outcome.err()).isEmpty();
    }

    @Test
    void badUsageIsExit64() {
        Outcome outcome = run("--frobnicate");

        assertThat(outcome.status()).isEqualTo(64);
        assertThat(outcome.err()).startsWith("postboxd: Unknown option: '--frobnicate'").contains("Usage:");
        assertThat(run("--config").err()).startsWith("postboxd: Missing required parameter for option '--config' (FILE)");
        assertThat(run("--config=").err()).startsWith("postboxd: --config needs a file name");
        assertThat(run("--config", "a.yaml", "--config", "b.yaml").err())
                .startsWith("postboxd: option '--config' (FILE) should be specified only once");
        assertThat(run("extra").status()).isEqualTo(64);
    }

    @Test
    void invalidConfigurationIsOneLineAndExit78() throws Exception {
        Path file = config(RunningDaemon.yaml(dir, 0) + "limits:\n  idle-timeout: 5s\n");

        Outcome outcome = run("--config", file.toString());

        assertThat(outcome.status()).isEqualTo(78);
        assertThat(outcome.err()).startsWith("postboxd: " + file + ": limits.idle-timeout: 5s is out of range")
                .hasLineCount(1).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void missingConfigurationFileIsExit78() {
        Path missing = dir.resolve("nope.yaml");

        Outcome outcome = run("--config=" + missing);

        assertThat(outcome.status()).isEqualTo(78);
        assertThat(outcome.err()).isEqualTo("postboxd: " + missing + ": configuration file " + missing
                + " does not exist" + System.lineSeparator());
    }

    @Test
    void checkConfigOpensTheStoreAndSaysOk() throws Exception {
        Path file = config(RunningDaemon.yaml(dir, 0));

        Outcome outcome = run("--check-config", "--config", file.toString());

        assertThat(outcome.status()).isZero();
        assertThat(outcome.out()).isEqualTo("ok" + System.lineSeparator());
        assertThat(dir.resolve("mail")).isDirectory();
    }

    @Test
    void checkConfigReportsABadStoreSettingByKey() throws Exception {
        Path file = config(RunningDaemon.yaml(dir, 0).replace("fsync: false", "fsync: sometimes"));

        Outcome outcome = run("--check-config", "--config", file.toString());

        assertThat(outcome.status()).isEqualTo(78);
        assertThat(outcome.err()).startsWith("postboxd: " + file + ": store.fsync: ").hasLineCount(1);
    }

    @Test
    void logLevelFromTheConfigurationIsApplied() throws Exception {
        ch.qos.logback.classic.Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory())
                .getLogger(Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        try {
            Path file = config(RunningDaemon.yaml(dir, 0) + "logging:\n  level: error\n");

            assertThat(run("--check-config", "--config", file.toString()).status()).isZero();

            assertThat(root.getLevel()).isEqualTo(Level.ERROR);
        } finally {
            root.setLevel(before);
        }
    }

    @Test
    void portInUseIsOneClearLineAndExit1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path file = config(RunningDaemon.yaml(dir, taken.getLocalPort()));

            Outcome outcome = run("--config", file.toString());

            assertThat(outcome.status()).isEqualTo(1);
            assertThat(outcome.err()).isEqualTo("postboxd: listener 'pop3' cannot bind 127.0.0.1:"
                    + taken.getLocalPort() + ": Address already in use" + System.lineSeparator());
        }
    }

    @Test
    void failedStartClosesWhatItOpened() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String yaml = RunningDaemon.yaml(dir, 0).replace("listeners:\n", "listeners:\n"
                    + "  - name: first\n    address: 127.0.0.1\n    port: 0\n"
                    + "  - name: second\n    address: 127.0.0.1\n    port: " + taken.getLocalPort() + "\n");
            PostboxConfig config = PostboxConfig.parse(yaml, "test");

            assertThatThrownBy(() -> PostboxDaemon.start(config))
                    .isInstanceOf(ListenerBindException.class)
                    .hasMessageStartingWith("listener 'second' cannot bind 127.0.0.1:" + taken.getLocalPort());
        }
        // The store was closed again: a fresh daemon over the same tree starts and binds.
        try (RunningDaemon again = RunningDaemon.start(dir)) {
            assertThat(again.port()).isPositive();
        }
    }

    @Test
    void reportsTheImplementationInCapa() throws Exception {
        try (RunningDaemon daemon = RunningDaemon.start(dir);
                RawPop3Client client = new RawPop3Client(daemon.address())) {
            assertThat(client.command("CAPA")).startsWith("+OK");
            assertThat(client.readBody()).contains("IMPLEMENTATION Postbox " + PostboxDaemon.version(), "USER", "UIDL");
        }
    }

    @Test
    void unknownListenerNameIsRefused() {
        try (RunningDaemon daemon = RunningDaemon.start(dir)) {
            assertThatThrownBy(() -> daemon.daemon().boundAddress("imap"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pop3");
        }
    }

    @Test
    void closeEndsSessionsWithoutDeletingAndReleasesLocks() throws Exception {
        RunningDaemon daemon = RunningDaemon.start(dir);
        MailboxAddress frank;
        String uid;
        try (RawPop3Client client = new RawPop3Client(daemon.address())) {
            frank = daemon.addMailbox("frank@example.com");
            uid = daemon.deliver(frank, "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.login("frank", RunningDaemon.PASSWORD)).startsWith("+OK");
            assertThat(client.command("DELE 1")).startsWith("+OK");

            daemon.daemon().close();

            assertThat(client.readLine()).isEqualTo("-ERR [SYS/TEMP] server shutting down");
            assertThat(client.closedByServer()).isTrue();
        } finally {
            daemon.close();
        }
        try (var store = PostboxConfig.parse(RunningDaemon.yaml(dir, 0), "test").store().open()) {
            try (var maildrop = store.open(frank)) { // the lock is free again
                assertThat(maildrop.messages()).extracting(MessageInfo::uniqueId).containsExactly(uid);
            }
        }
    }

    @Test
    void closeIsIdempotentAndFreesThePort() {
        RunningDaemon daemon = RunningDaemon.start(dir);
        InetSocketAddress address = daemon.address();

        daemon.daemon().close();
        daemon.daemon().close();
        daemon.close();

        assertThatThrownBy(() -> new RawPop3Client(address)).isInstanceOf(ConnectException.class);
    }
}
