package org.postbox.system.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.postbox.system.Account;
import org.postbox.system.ChildProcess;
import org.postbox.system.LmtpClient;
import org.postbox.system.Loopback;
import org.postbox.system.PostboxConfigFile;
import org.postbox.system.PostboxDaemon;
import org.postbox.system.PostboxDistribution;
import org.postbox.system.Pop3Session;

/**
 * One postboxd installation of a fault test under its directory: the configuration, its logs,
 * the mailboxes, provisioned with one {@code bin/postbox apply}. Several sites may share one
 * store section (two daemons on one store), each with ports and a spool of its own.
 */
final class FaultSite {

    /** How many runs of a fault a test makes: 1 in CI, more by hand ({@code -Dfaults.rounds=50}). */
    static final int ROUNDS = Math.max(1, Integer.getInteger("faults.rounds", 1));

    private final PostboxDistribution distribution = PostboxDistribution.assembled();
    private final Path home;
    private final Path config;
    private final int pop3Port = Loopback.freePort();
    private final int lmtpPort = Loopback.freePort();

    FaultSite(Path home, String storeSection) {
        this.home = home;
        this.config = PostboxConfigFile.write(home.resolve("postbox.yaml"), pop3Port, lmtpPort, home.resolve("spool"),
                storeSection);
    }

    /** {@code count} mailboxes of {@code domain}, each with a password of its own. */
    static List<Account> accounts(String domain, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> new Account("user" + i + "@" + domain, "secret-" + i)).toList();
    }

    /** Makes the domain of {@code accounts} and the mailboxes, with {@code postbox apply} (plain-text hashes: cheap to check). */
    void provision(List<Account> accounts) {
        List<String> lines = new ArrayList<>(List.of("kind,name,password-hash", "domain," + accounts.get(0).domain() + ","));
        accounts.forEach(account -> lines.add("mailbox," + account.address() + ",{PLAIN}" + account.password()));
        Path file = home.resolve("mailboxes.csv");
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChildProcess.Finished applied = distribution.postbox(config, logs(), "postbox", List.of("apply", file.toString()));
        assertThat(applied.exitCode()).as(applied.describe()).isZero();
    }

    PostboxDaemon startDaemon() {
        return distribution.startDaemon(config, logs(), pop3Port, lmtpPort);
    }

    MixedLoad.Endpoint endpoint() {
        return new MixedLoad.Endpoint(pop3Port, lmtpPort);
    }

    int pop3Port() {
        return pop3Port;
    }

    int lmtpPort() {
        return lmtpPort;
    }

    /** The reply to a whole delivery on a connection of its own; a connection that is refused or cut is a failure. */
    String deliveryReply(Account to, byte[] message) {
        try (LmtpClient lmtp = LmtpClient.connect(lmtpPort)) {
            return lmtp.tryDeliver(to.address(), message);
        }
    }

    /** The answer to PASS, or the first answer before it that was not {@code +OK}; a login is ended with QUIT. */
    String loginReply(Account account) {
        try (Pop3Session pop3 = Pop3Session.connect(pop3Port)) {
            String greeting = pop3.nextLine();
            if (greeting == null || !greeting.startsWith("+OK")) {
                return String.valueOf(greeting);
            }
            String user = pop3.send("USER " + account.address());
            if (user == null || !user.startsWith("+OK")) {
                return String.valueOf(user);
            }
            String pass = pop3.send("PASS " + account.password());
            if (pass != null && pass.startsWith("+OK")) {
                pop3.send("QUIT");
            }
            return String.valueOf(pass);
        }
    }

    private Path logs() {
        return home.resolve("logs");
    }
}
