package org.postbox.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MaildropLockedException;
import org.postbox.mailstore.MessageInfo;
import org.postbox.mailstore.jpa.testing.EmbeddedPostgresServer;
import org.postbox.mailstore.jpa.testing.PostgresDatabase;
import org.postbox.mailstore.jpa.testing.PostgresExtension;
import org.slf4j.LoggerFactory;

/**
 * Several daemons on one PostgreSQL database ({@code store.type: jpa}), as a hosting provider runs
 * them: the maildrop lock holds across daemons; a daemon that dies gives its maildrops up once its
 * leases expire; a session whose lease was taken over meanwhile deletes nothing; and a daemon rides
 * out a PostgreSQL restart. Leases are short ({@link #LEASE}) so that expiry comes quickly.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class JpaClusterTest {
    private static final Duration LEASE = Duration.ofSeconds(3);
    /** Long enough for a lease to expire on a loaded machine; far shorter than a lease that is renewed. */
    private static final Duration TAKEOVER = LEASE.plusSeconds(20);
    private static final String ALICE = "alice@example.com";
    private static final String IN_USE = "-ERR [IN-USE] maildrop already locked by another session";
    private static final String LOCK_LOST = "-ERR [SYS/TEMP] maildrop lock lost, no messages deleted";
    private static final String TEMPORARY = "-ERR [SYS/TEMP] ";

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @TempDir
    Path dir;

    private final Deque<AutoCloseable> cleanup = new ArrayDeque<>();
    private PostgresDatabase database;

    @BeforeEach
    void createDatabase() {
        database = POSTGRES.createDatabase();
    }

    @AfterEach
    void closeEverything() throws Exception {
        while (!cleanup.isEmpty()) {
            cleanup.pop().close();
        }
    }

    @Test
    void aLoginOnAnotherDaemonWhileOneHoldsTheMaildropIsInUseForAsLongAsItIsHeld() throws Exception {
        RunningDaemon first = daemon(store());
        RunningDaemon second = daemon(store());
        provision(first);

        try (RawPop3Client holder = new RawPop3Client(first.address())) {
            assertThat(holder.login(ALICE, RunningDaemon.PASSWORD)).startsWith("+OK");
            // Past several lease durations: the holder's daemon renews the lease.
            await().during(LEASE.multipliedBy(2)).atMost(LEASE.multipliedBy(4)).pollInterval(Duration.ofMillis(500))
                    .until(() -> loginReply(second).equals(IN_USE));
            assertThat(holder.command("STAT")).startsWith("+OK 3 ");
            assertThat(holder.command("QUIT")).startsWith("+OK");
        }

        // Released at the end of the session: a renewed lease would never expire by itself.
        try (RawPop3Client after = loginOnceFree(second, new ArrayList<>())) {
            assertThat(after.command("STAT")).startsWith("+OK 3 ");
            assertThat(after.command("QUIT")).startsWith("+OK");
        }
    }

    @Test
    void aKilledDaemonsMaildropOpensOnAnotherOnceItsLeaseExpiresWithNothingDeleted() throws Exception {
        RunningDaemon survivor = daemon(store());
        MailboxAddress alice = provision(survivor);
        Path config = Files.writeString(dir.resolve("postbox.yaml"), RunningDaemon.yaml(0, store()));
        DaemonProcess doomed = DaemonProcess.start(config, dir.resolve("postboxd.log"));
        cleanup.push(doomed);

        try (RawPop3Client victim = new RawPop3Client(doomed.address())) {
            assertThat(victim.login(ALICE, RunningDaemon.PASSWORD)).as(doomed.output()).startsWith("+OK");
            assertThat(victim.command("DELE 1")).startsWith("+OK");
            assertThat(loginReply(survivor)).isEqualTo(IN_USE);

            doomed.kill();
        }

        List<String> refusals = new ArrayList<>();
        try (RawPop3Client taken = loginOnceFree(survivor, refusals)) {
            assertThat(refusals).as("the lease outlives its daemon until it expires").isNotEmpty().containsOnly(IN_USE);
            assertThat(taken.command("STAT")).startsWith("+OK 3 ");
            assertThat(taken.command("QUIT")).startsWith("+OK");
        }
        assertThat(messagesOnceReleased(survivor, alice)).hasSize(3);
    }

    @Test
    void aSessionWhoseLeaseWasTakenOverAnswersQuitWithATemporaryErrorAndDeletesNothing() throws Exception {
        RunningDaemon other = daemon(store());
        MailboxAddress alice = provision(other);
        List<String> uids = other.messages(alice).stream().map(MessageInfo::uniqueId).toList();
        TcpForwarder link = forwarderTo(database.url());
        RunningDaemon partitioned = daemon(RunningDaemon.jpaStore(throughForwarder(database, link), Map.of("lease", LEASE.toSeconds() + "s")));

        try (RawPop3Client late = new RawPop3Client(partitioned.address())) {
            assertThat(late.login(ALICE, RunningDaemon.PASSWORD)).startsWith("+OK");
            assertThat(late.command("DELE 1")).startsWith("+OK");
            assertThat(late.command("DELE 2")).startsWith("+OK");

            // The daemon loses the database, so it cannot renew; its client does not notice.
            link.cut();
            try (RawPop3Client taker = loginOnceFree(other, new ArrayList<>())) {
                link.restore();

                assertThat(late.command("QUIT")).isEqualTo(LOCK_LOST);
                assertThat(late.closedByServer()).isTrue();

                assertThat(taker.command("STAT")).startsWith("+OK 3 ");
                assertThat(taker.command("QUIT")).startsWith("+OK");
            }
        }
        assertThat(messagesOnceReleased(other, alice)).extracting(MessageInfo::uniqueId).containsExactlyElementsOf(uids);
    }

    @Test
    void postgresqlStoppedAndStartedUnderARunningDaemonIsATemporaryErrorMeanwhileAndNormalAfter() throws Exception {
        EmbeddedPostgresServer server = PostgresExtension.startDedicatedServer();
        cleanup.push(server::close);
        try (Connection admin = new PostgresDatabase("postgres", server.url("postgres"), server.user(), server.password()).connect();
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE postbox");
        }
        PostgresDatabase restarting = new PostgresDatabase("postbox", server.url("postbox"), server.user(), server.password());
        RunningDaemon daemon = daemon(RunningDaemon.jpaStore(restarting, Map.of()));
        MailboxAddress alice = provision(daemon);
        MailboxAddress bob = daemon.addMailbox("bob@example.com");
        daemon.deliver(bob, "Subject: for bob\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII));
        daemon.addMailbox("carol@example.com");
        ListAppender<ILoggingEvent> logged = captureLogs();

        try (RawPop3Client session = new RawPop3Client(daemon.address());
                RawPop3Client arriving = new RawPop3Client(daemon.address())) {
            assertThat(session.login(ALICE, RunningDaemon.PASSWORD)).startsWith("+OK");

            server.stop();

            // The open session has its listing; the message bodies are in the database.
            assertThat(session.command("STAT")).startsWith("+OK 3 ");
            assertThat(session.command("RETR 1")).startsWith(TEMPORARY);
            assertThat(session.command("DELE 1")).startsWith("+OK");
            // A new login needs the database for the password or the maildrop.
            assertThat(arriving.login("bob@example.com", RunningDaemon.PASSWORD)).startsWith(TEMPORARY);
            assertThat(arriving.command("CAPA")).as("the connection stays usable").startsWith("+OK");
            assertThat(arriving.readBody()).contains("USER");

            server.start();

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> loginReply(daemon, "carol@example.com").startsWith("+OK"));
            assertThat(arriving.login("bob@example.com", RunningDaemon.PASSWORD)).startsWith("+OK bob@example.com has 1 ");
            assertThat(session.command("RETR 2")).startsWith("+OK");
            assertThat(String.join("\n", session.readBody())).contains("Subject: message 2");
            assertThat(session.command("QUIT")).startsWith("+OK");
            assertThat(arriving.command("QUIT")).startsWith("+OK");
        }
        assertThat(messagesOnceReleased(daemon, alice)).hasSize(2);
        assertThat(logged.list).as("an outage is weather, not a defect: nothing at ERROR")
                .noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.ERROR));
    }

    /** What the store holds once no session holds the maildrop any more (a session ends after its QUIT reply). */
    private static List<MessageInfo> messagesOnceReleased(RunningDaemon daemon, MailboxAddress mailbox) {
        return await().atMost(Duration.ofSeconds(10)).ignoreException(MaildropLockedException.class)
                .until(() -> daemon.messages(mailbox), messages -> true);
    }

    /** The jpa store section for {@link #database}, with a short lease. */
    private String store() {
        return RunningDaemon.jpaStore(database, Map.of("lease", LEASE.toSeconds() + "s"));
    }

    private RunningDaemon daemon(String storeSection) {
        RunningDaemon daemon = RunningDaemon.startWithStore(storeSection, "");
        cleanup.push(daemon);
        return daemon;
    }

    /** Alice with three messages, "Subject: message 1" to 3. */
    private static MailboxAddress provision(RunningDaemon daemon) {
        MailboxAddress alice = daemon.addMailbox(ALICE);
        for (int n = 1; n <= 3; n++) {
            daemon.deliver(alice, ("Subject: message " + n + "\r\n\r\nbody " + n + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        return alice;
    }

    /** The reply to a login as alice on a new connection, which is then dropped. */
    private static String loginReply(RunningDaemon daemon) throws IOException {
        return loginReply(daemon, ALICE);
    }

    private static String loginReply(RunningDaemon daemon, String user) throws IOException {
        try (RawPop3Client client = new RawPop3Client(daemon.address())) {
            return client.login(user, RunningDaemon.PASSWORD);
        }
    }

    /**
     * Logs in as alice again and again until the maildrop is free, and returns that session;
     * every refusal on the way is added to {@code refusals}.
     */
    private static RawPop3Client loginOnceFree(RunningDaemon daemon, List<String> refusals) {
        return await().atMost(TAKEOVER).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    RawPop3Client client = new RawPop3Client(daemon.address());
                    String reply = client.login(ALICE, RunningDaemon.PASSWORD);
                    if (reply.startsWith("+OK")) {
                        return client;
                    }
                    refusals.add(reply);
                    client.close();
                    return null;
                }, client -> client != null);
    }

    private TcpForwarder forwarderTo(String jdbcUrl) {
        Matcher m = HOST_PORT.matcher(jdbcUrl);
        assertThat(m.matches()).as("host and port in %s", jdbcUrl).isTrue();
        TcpForwarder forwarder = TcpForwarder.to(m.group(1), m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)));
        cleanup.push(forwarder);
        return forwarder;
    }

    private static final Pattern HOST_PORT = Pattern.compile("jdbc:postgresql://([^/:]+)(?::(\\d+))?/.*");

    /** The same database, reached through {@code forwarder}. */
    private static PostgresDatabase throughForwarder(PostgresDatabase database, TcpForwarder forwarder) {
        String url = database.url().replaceFirst("//[^/]+/", "//127.0.0.1:" + forwarder.port() + "/");
        return new PostgresDatabase(database.name(), url, database.user(), database.password());
    }

    /** Every event logged from now to the end of the test. */
    private ListAppender<ILoggingEvent> captureLogs() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        cleanup.push(() -> root.detachAppender(appender));
        return appender;
    }
}
