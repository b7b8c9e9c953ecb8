package org.postbox.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real Dovecot (Debian's packages) serving POP3 and LMTP on loopback ports, in a directory of
 * its own: its configuration, base and state directories and its log; nothing of the system's
 * Dovecot is read or touched. Accounts come from a Dovecot passwd-file, mail goes to
 * {@code <mail root>/%d/%n/Maildir} and POP3 UIDLs have Dovecot's default format, as on a typical
 * provider's server. No TLS: the clients log in with USER/PASS in clear text on loopback.
 */
final class DovecotInstance implements AutoCloseable {

    private static final Duration START_LIMIT = Duration.ofSeconds(30);

    private final ChildProcess master;
    private final int pop3Port;
    private final int lmtpPort;

    private DovecotInstance(ChildProcess master, int pop3Port, int lmtpPort) {
        this.master = master;
        this.pop3Port = pop3Port;
        this.lmtpPort = lmtpPort;
    }

    /**
     * Starts Dovecot in the foreground ({@code dovecot -F}) with a configuration written to
     * {@code directory}, and returns once both ports accept connections.
     */
    static DovecotInstance start(Path directory, Path passwdFile, Path mailRoot, MailUser mailUser, int pop3Port,
                                 int lmtpPort) {
        Path dovecot = Peer.DOVECOT.path();
        Peer.DOVECOT_POP3.path();
        Peer.DOVECOT_LMTP.path();
        try {
            Files.createDirectories(directory);
            Files.createDirectories(mailRoot);
            mailUser.own(mailRoot);
            Path config = directory.resolve("dovecot.conf");
            Files.writeString(config, configuration(directory, passwdFile, mailRoot, mailUser, pop3Port, lmtpPort));
            ChildProcess master = ChildProcess.start(List.of(dovecot.toString(), "-F", "-c", config.toString()), directory,
                    Map.of(), directory, "dovecot");
            try {
                Loopback.awaitListening(pop3Port, master, START_LIMIT);
                Loopback.awaitListening(lmtpPort, master, START_LIMIT);
            } catch (AssertionError e) {
                master.close();
                throw new AssertionError(e.getMessage() + "\nits log:\n" + log(directory), e);
            }
            return new DovecotInstance(master, pop3Port, lmtpPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int pop3Port() {
        return pop3Port;
    }

    int lmtpPort() {
        return lmtpPort;
    }

    /** Stops the master and every process of it; returns once neither port is listened on any more. */
    @Override
    public void close() {
        master.close();
        Loopback.awaitClosed(pop3Port, START_LIMIT);
        Loopback.awaitClosed(lmtpPort, START_LIMIT);
    }

    private static String configuration(Path directory, Path passwdFile, Path mailRoot, MailUser mailUser, int pop3Port,
                                        int lmtpPort) {
        StringBuilder conf = new StringBuilder();
        conf.append("base_dir = ").append(directory.resolve("run")).append('\n')
                .append("state_dir = ").append(directory.resolve("state")).append('\n')
                .append("instance_name = postbox-system-test-").append(pop3Port).append('\n')
                .append("log_path = ").append(directory.resolve("dovecot.log")).append('\n')
                .append("protocols = pop3 lmtp\n")
                .append("listen = ").append(Loopback.HOST).append('\n')
                .append("ssl = no\n")
                .append("disable_plaintext_auth = no\n")
                .append("auth_mechanisms = plain login\n")
                // Debian's mail user has uid 8; Dovecot refuses uids below first_valid_uid (500).
                .append("first_valid_uid = 1\n")
                .append("mail_location = maildir:").append(mailRoot).append("/%d/%n/Maildir\n")
                .append("passdb {\n  driver = passwd-file\n  args = ").append(passwdFile).append("\n}\n")
                .append("userdb {\n  driver = passwd-file\n  args = ").append(passwdFile).append('\n')
                .append("  default_fields = uid=").append(mailUser.name()).append(" gid=").append(mailUser.group())
                .append(" home=").append(mailRoot).append("/%d/%n\n}\n")
                .append("service pop3-login {\n  inet_listener pop3 {\n    address = ").append(Loopback.HOST)
                .append("\n    port = ").append(pop3Port).append("\n  }\n  inet_listener pop3s {\n    port = 0\n  }\n")
                // Without root Dovecot cannot chroot its login processes.
                .append(mailUser.testsRunAsRoot() ? "" : "  chroot =\n").append("}\n")
                .append("service lmtp {\n  inet_listener lmtp {\n    address = ").append(Loopback.HOST)
                .append("\n    port = ").append(lmtpPort).append("\n  }\n}\n");
        if (!mailUser.testsRunAsRoot()) {
            // Dovecot without root: every process as the user running the tests, none chrooted.
            conf.append("default_internal_user = ").append(mailUser.name()).append('\n')
                    .append("default_internal_group = ").append(mailUser.group()).append('\n')
                    .append("default_login_user = ").append(mailUser.name()).append('\n')
                    .append("service anvil {\n  chroot =\n}\n");
        }
        return conf.toString();
    }

    private static String log(Path directory) {
        try {
            Path log = directory.resolve("dovecot.log");
            return Files.exists(log) ? Files.readString(log) : "(none)";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
