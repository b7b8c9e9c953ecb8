package org.postbox.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * fetchmail with {@code keep} and {@code uidl}: its id file ({@code --idfile}) holds one line
 * {@code <user>@<server> <uidl>} per message it has seen. Each message goes to an MDA, a small
 * script that writes it to the account's folder, so no MTA is needed.
 */
final class FetchmailClient implements PopClient {

    private final Path directory;
    private final Inboxes inboxes;

    private FetchmailClient(Path directory, Inboxes inboxes) {
        this.directory = directory;
        this.inboxes = inboxes;
    }

    static FetchmailClient create(Path directory, int port, List<Account> accounts) {
        try {
            Files.createDirectories(directory);
            Inboxes inboxes = Inboxes.create(directory.resolve("inboxes"), accounts, false);
            Path mda = directory.resolve("store-message");
            Files.writeString(mda, "#!/bin/sh\nfile=$(mktemp \"$1/message.XXXXXXXX\") && cat > \"$file\"\n");
            Files.setPosixFilePermissions(mda, PosixFilePermissions.fromString("rwx------"));
            String localUser = System.getProperty("user.name");
            StringBuilder rc = new StringBuilder("set no bouncemail\n")
                    .append("poll ").append(Loopback.HOST).append(" protocol pop3 port ").append(port).append(" uidl\n");
            for (Account account : accounts) {
                // sslproto '': fetchmail 6.4 tries STLS even when the server does not offer it.
                rc.append("  user ").append(quoted(account.address())).append(" there with password ")
                        .append(quoted(account.password())).append(" is ").append(quoted(localUser))
                        .append(" here keep sslproto '' mda ")
                        .append(quoted(mda + " " + inboxes.folder(account))).append('\n');
            }
            Path rcFile = directory.resolve("fetchmailrc");
            Files.writeString(rcFile, rc);
            // fetchmail refuses a run control file that others may read.
            Files.setPosixFilePermissions(rcFile, PosixFilePermissions.fromString("rw-------"));
            return new FetchmailClient(directory, inboxes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return "fetchmail";
    }

    @Override
    public Fetched poll() {
        ChildProcess.Finished run = ChildProcess.run(List.of(Peer.FETCHMAIL.path().toString(),
                        "--fetchmailrc", directory.resolve("fetchmailrc").toString(),
                        "--idfile", idFile().toString(),
                        "--pidfile", directory.resolve("fetchmail.pid").toString()),
                directory, Map.of("HOME", directory.toString(), "FETCHMAILHOME", directory.toString()),
                directory.resolve("logs"), "fetchmail", POLL_LIMIT);
        // 0: mail was fetched; 1: there was none. Anything else is an error (2: socket, 3: login, ...).
        if (run.exitCode() != 0 && run.exitCode() != 1) {
            throw new AssertionError(run.describe());
        }
        return inboxes.sinceLastLook();
    }

    @Override
    public void rememberFetched(Map<Account, List<String>> uidls) {
        StringBuilder ids = new StringBuilder();
        uidls.forEach((account, list) -> list.forEach(uidl ->
                ids.append(account.address()).append('@').append(Loopback.HOST).append(' ').append(uidl).append('\n')));
        try {
            Files.writeString(idFile(), ids);
            // fetchmail refuses an id file that others may read, as it does its run control file.
            Files.setPosixFilePermissions(idFile(), PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path idFile() {
        return directory.resolve("fetchids");
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
