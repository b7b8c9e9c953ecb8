package org.postbox.system.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.system.Account;
import org.postbox.system.ChildProcess;
import org.postbox.system.LmtpClient;
import org.postbox.system.Loopback;
import org.postbox.system.Pop3Session;
import org.postbox.system.PostboxConfigFile;
import org.postbox.system.PostboxDaemon;
import org.postbox.system.PostboxDistribution;
import org.postbox.system.StoreBackend;

/**
 * The Maildir tree on a volume that fills up (a 1 MiB tmpfs this test mounts, so it needs root):
 * deliveries are deferred with {@code 452 4.3.1} (RFC 3463: mail system full) and leave nothing
 * behind, the mail already stored can still be read over POP3, and deliveries succeed again as
 * soon as there is room. The spool stays on another volume, as {@code /var/spool} and {@code
 * /var/mail} usually are: it is the mail store that is full, not the daemon's own scratch space.
 */
class MaildirVolumeFullTest {

    private static final Account ACCOUNT = new Account("bob@full.test", "Tr0ub4dor&3");
    private static final Duration COMMAND_LIMIT = Duration.ofMinutes(1);
    /** Big enough that a dozen fill the volume, small enough that the first ones surely fit. */
    private static final int MESSAGE_LINES = 1000;

    private final PostboxDistribution distribution = PostboxDistribution.assembled();

    @Test
    void deliveriesAreDeferredWhileTheVolumeIsFullAndResumeWhenSpaceReturns(
            @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws IOException {
        Path home = dir.resolve("postbox");
        Path logs = home.resolve("logs");
        Path volume = Files.createDirectories(home.resolve("mail"));
        ChildProcess.Finished mounted = ChildProcess.run(List.of("mount", "-t", "tmpfs", "-o", "size=1m,mode=0755", "tmpfs",
                volume.toString()), home, Map.of(), logs, "mount", COMMAND_LIMIT);
        assumeTrue(mounted.exitCode() == 0, "cannot mount a tmpfs here (root needed): " + mounted.describe());
        try {
            runOnTheSmallVolume(home, logs, volume);
        } finally {
            unmount(home, logs, volume);
        }
    }

    private void runOnTheSmallVolume(Path home, Path logs, Path volume) throws IOException {
        int pop3 = Loopback.freePort();
        int lmtp = Loopback.freePort();
        Path config = PostboxConfigFile.write(home.resolve("postbox.yaml"), pop3, lmtp, home.resolve("spool"),
                StoreBackend.MAILDIR.storeSection(home, () -> {
                    throw new IllegalStateException("Maildir needs no database");
                }));
        Path password = Files.writeString(home.resolve("password"), ACCOUNT.password() + "\n");
        for (List<String> command : List.of(List.of("domain", "add", ACCOUNT.domain()),
                List.of("mailbox", "add", ACCOUNT.address(), "--password-stdin"))) {
            ChildProcess.Finished done = distribution.postbox(config, logs, "postbox", command, Map.of(), password);
            assertThat(done.exitCode()).as(done.describe()).isZero();
        }

        MailLedger ledger = new MailLedger();
        List<String> refusals = new ArrayList<>();
        try (PostboxDaemon daemon = distribution.startDaemon(config, logs, pop3, lmtp);
             LmtpClient mta = LmtpClient.connect(lmtp)) {
            // Fill the volume: the MTA delivers until the store says it has no room.
            for (int n = 1; refusals.isEmpty(); n++) {
                assertThat(n).as("deliveries that a 1 MiB volume took").isLessThan(100);
                deliver(mta, ledger, message(n), refusals);
            }
            // And once more, now that it is surely full.
            deliver(mta, ledger, message(1000), refusals);
            assertThat(ledger.acknowledgedCount()).as("messages stored before the volume was full").isPositive();
            assertThat(refusals).as("the replies to deliveries onto the full volume")
                    .allSatisfy(reply -> assertThat(reply).startsWith("452 4.3.1"));
            assertThat(strayFiles(volume)).as("files left in tmp/ by the refused deliveries").isEmpty();
            // What was stored is still there to be read, the volume still full.
            assertThat(read(pop3, ledger.leaving(ACCOUNT.address()), false))
                    .as("messages read while the volume is full").isEqualTo(ledger.acknowledgedCount());

            // Room again (the administrator grew the volume): the MTA's next try is taken.
            ChildProcess.Finished grown = ChildProcess.run(List.of("mount", "-o", "remount,size=16m", volume.toString()),
                    home, Map.of(), logs, "mount", COMMAND_LIMIT);
            assertThat(grown.exitCode()).as(grown.describe()).isZero();
            long spaceReturned = System.nanoTime();
            String retried = message(2000);
            await("a delivery once there is room").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> deliver(mta, ledger, retried, new ArrayList<>()));
            long recoveryMillis = (System.nanoTime() - spaceReturned) / 1_000_000;

            // The owner fetches and deletes everything: each acknowledged message once, nothing else.
            read(pop3, ledger.deleting(ACCOUNT.address()), true);
            MailLedger.Verdict verdict = ledger.verdict();
            FaultReport.append(new FaultReport.Fault("maildir-volume-full", StoreBackend.MAILDIR.name(), refusals.size(),
                    verdict.acknowledged(), verdict.lost().size(), verdict.duplicated().size(), recoveryMillis));

            assertThat(verdict.clean()).as("the ledger: %s", verdict).isTrue();
            assertThat(strayFiles(volume)).as("files left in tmp/").isEmpty();
            assertThat(DaemonLog.errorsWithStackTraces(daemon.output())).as("ERROR lines with a stack trace").isEmpty();
        }
    }

    /** One delivery attempt: a 250 goes into the ledger, any other reply into {@code refusals}. */
    private static boolean deliver(LmtpClient mta, MailLedger ledger, String message, List<String> refusals) {
        String reply = mta.tryDeliver(ACCOUNT.address(), bytes(message));
        if (reply.startsWith("250")) {
            ledger.acknowledged(ACCOUNT.address(), bytes(message));
            return true;
        }
        refusals.add(reply);
        return false;
    }

    /** Reads every message of the mailbox in one session (deleting them too if {@code delete}), ending with QUIT. */
    private static long read(int pop3, MailLedger.Session session, boolean delete) {
        try (Pop3Session pop = Pop3Session.login(pop3, ACCOUNT)) {
            List<String> messages = pop.messages();
            for (int n = 1; n <= messages.size(); n++) {
                session.retrieved(messages.get(n - 1).getBytes(StandardCharsets.UTF_8));
                if (delete) {
                    pop.command("DELE " + n);
                }
            }
            pop.command("QUIT");
            session.quitConfirmed();
            return messages.size();
        }
    }

    /** The {@code n}th test message, LF line ends, no final line end. */
    private static String message(int n) {
        StringBuilder m = new StringBuilder()
                .append("From: Sender <sender@sender.test>\nTo: ").append(ACCOUNT.address()).append('\n')
                .append("Message-ID: <full-").append(n).append("@sender.test>\nSubject: filling the volume, ").append(n)
                .append("\n\n");
        for (int line = 0; line < MESSAGE_LINES; line++) {
            m.append(String.format("%05d message %d, a line of text long enough to fill a volume quickly\n", line, n));
        }
        return m.append("end of ").append(n).toString();
    }

    private static byte[] bytes(String message) {
        return (message + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Files in a Maildir's {@code tmp/}: a delivery's leftovers, which no reader shows but which take room. */
    private static List<Path> strayFiles(Path tree) {
        try (Stream<Path> paths = Files.walk(tree)) {
            return paths.filter(Files::isRegularFile)
                    .filter(path -> path.getParent().getFileName().toString().equals("tmp")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void unmount(Path home, Path logs, Path volume) {
        ChildProcess.Finished done = ChildProcess.run(List.of("umount", volume.toString()), home, Map.of(), logs, "umount",
                COMMAND_LIMIT);
        if (done.exitCode() != 0) {
            // Still busy a moment after the daemon's end: detach it now, the kernel frees it when the last file closes.
            ChildProcess.run(List.of("umount", "-l", volume.toString()), home, Map.of(), logs, "umount", COMMAND_LIMIT);
        }
    }
}
