package org.postbox.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.postbox.cli.transfer.MaildirExport;
import org.postbox.cli.transfer.MboxrdWriter;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MessageInfo;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox export ADDRESS (--maildir DIR | --mbox FILE)} */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes a mailbox's mail to a Maildir or an mbox file.",
            "Every message, in its POP3 order, for a user who leaves. The mailbox is locked meanwhile, as by a "
                    + "POP3 session, and not changed.",
            "--maildir: a new Maildir (cur/, new/, tmp/) with a dovecot-uidlist that keeps every POP3 UIDL, so "
                    + "that Dovecot serving it answers the same UIDLs and its clients fetch nothing again; other "
                    + "servers (Courier) read the messages in order but number them afresh.",
            "--mbox: a new mboxrd file (From_ lines in the messages quoted with '>'), with LF line ends."})
final class ExportCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ADDRESS", description = "The mailbox.")
    private String address;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Target target;

    /** Where the mail goes: one of the two. */
    static final class Target {
        @Option(names = "--maildir", required = true, paramLabel = "DIR",
                description = "The Maildir to write; it must not exist or be empty.")
        private Path maildir;

        @Option(names = "--mbox", required = true, paramLabel = "FILE",
                description = "The mbox file to write; it must not exist.")
        private Path mbox;
    }

    ExportCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        MailboxAddress mailbox = Arguments.address(address);
        checkTarget();
        long messages;
        long octets;
        try (MailStore store = context.openStore(); Maildrop maildrop = store.open(mailbox)) {
            messages = maildrop.messages().size();
            octets = target.maildir != null ? MaildirExport.export(maildrop, target.maildir, Instant.now())
                    : mbox(maildrop, target.mbox);
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.IO, "cannot write " + (target.maildir != null ? target.maildir : target.mbox)
                    + ": " + e.getMessage(), e);
        }
        spec.commandLine().getOut().println(mailbox + ": " + messages + " message(s) (" + TextTable.octets(octets)
                + ") exported to " + (target.maildir != null ? target.maildir : target.mbox));
        return ExitCodes.OK;
    }

    /** Refuses to write over anything, before the mailbox is locked. */
    private void checkTarget() {
        if (target.mbox != null && Files.exists(target.mbox)) {
            throw new CommandFailure(ExitCodes.DATA, target.mbox + " exists: export into a new file");
        }
        if (target.maildir != null && Files.exists(target.maildir)) {
            boolean empty;
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(target.maildir)) {
                empty = !entries.iterator().hasNext();
            } catch (IOException e) {
                empty = false;
            }
            if (!empty) {
                throw new CommandFailure(ExitCodes.DATA, target.maildir + " exists and is not an empty directory: "
                        + "export into a new one");
            }
        }
    }

    /** Writes to a temporary file beside {@code file}, renamed at the end: no half-written mbox is left behind. */
    private static long mbox(Maildrop maildrop, Path file) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(directory, "." + file.getFileName(), ".tmp");
        long octets = 0;
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 64 * 1024)) {
                MboxrdWriter writer = new MboxrdWriter(out);
                Instant now = Instant.now();
                List<MessageInfo> messages = maildrop.messages();
                for (int n = 1; n <= messages.size(); n++) {
                    try (InputStream in = maildrop.content(n)) {
                        writer.write("MAILER-DAEMON", now, in);
                    }
                    octets += messages.get(n - 1).size();
                }
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return octets;
    }
}
