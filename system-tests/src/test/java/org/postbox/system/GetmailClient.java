package org.postbox.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * getmail 6 with a {@code SimplePOP3Retriever}, {@code read_all = false} and {@code delete =
 * false}: one rc file per account, and in its getmail directory one "oldmail" file per server,
 * port and user with the UIDLs it has seen. It delivers to a Maildir per account; getmail never
 * delivers as root, so when the tests run as root it delivers as the mail user.
 */
final class GetmailClient implements PopClient {

    private final Path directory;
    private final int port;
    private final List<Account> accounts;
    private final Inboxes inboxes;

    private GetmailClient(Path directory, int port, List<Account> accounts, Inboxes inboxes) {
        this.directory = directory;
        this.port = port;
        this.accounts = List.copyOf(accounts);
        this.inboxes = inboxes;
    }

    static GetmailClient create(Path directory, int port, List<Account> accounts, MailUser mailUser) {
        try {
            Files.createDirectories(directory.resolve("getmail"));
            Inboxes inboxes = Inboxes.create(directory.resolve("inboxes"), accounts, true);
            for (Account account : accounts) {
                String rc = "[retriever]\ntype = SimplePOP3Retriever\n"
                        + "server = " + Loopback.HOST + "\nport = " + port + "\n"
                        + "username = " + account.address() + "\npassword = " + account.password() + "\n\n"
                        + "[destination]\ntype = Maildir\npath = " + inboxes.folder(account) + "/\n"
                        + (mailUser.testsRunAsRoot() ? "user = " + mailUser.name() + "\n" : "") + "\n"
                        + "[options]\nread_all = false\ndelete = false\nverbose = 1\n"
                        + "message_log = " + directory.resolve("logs").resolve("getmail-messages.log") + "\n";
                Files.writeString(directory.resolve("getmail").resolve(account.address() + ".rc"), rc);
            }
            Files.createDirectories(directory.resolve("logs"));
            if (mailUser.testsRunAsRoot()) {
                for (Path folder : inboxes.allFolders()) {
                    mailUser.own(folder);
                }
            }
            return new GetmailClient(directory, port, accounts, inboxes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return "getmail";
    }

    @Override
    public Fetched poll() {
        List<String> command = new ArrayList<>(List.of(Peer.GETMAIL.path().toString(),
                "--getmaildir", directory.resolve("getmail").toString()));
        for (Account account : accounts) {
            command.add("--rcfile");
            command.add(account.address() + ".rc");
        }
        ChildProcess.Finished run = ChildProcess.run(command, directory, Map.of("HOME", directory.toString()),
                directory.resolve("logs"), "getmail", POLL_LIMIT);
        if (run.exitCode() != 0) {
            throw new AssertionError(run.describe());
        }
        return inboxes.sinceLastLook();
    }

    /** One "oldmail" file per account, named and written as getmail does: {@code <uidl> NUL <time seen>} per line. */
    @Override
    public void rememberFetched(Map<Account, List<String>> uidls) {
        long now = System.currentTimeMillis() / 1000;
        try {
            for (Map.Entry<Account, List<String>> entry : uidls.entrySet()) {
                StringBuilder file = new StringBuilder();
                entry.getValue().forEach(uidl -> file.append(uidl).append('\0').append(now).append('\n'));
                Files.writeString(directory.resolve("getmail")
                        .resolve("oldmail-" + Loopback.HOST + "-" + port + "-" + entry.getKey().address()), file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
