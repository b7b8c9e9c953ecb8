package org.postbox.cli;

import java.util.concurrent.Callable;
import org.postbox.mailstore.AlreadyExistsException;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.DomainQuotaReport;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.NoSuchDomainException;
import org.postbox.mailstore.QuotaExceededException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox mailbox add ADDRESS [--password-stdin] [--scheme SCHEME]} */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Adds a mailbox to an existing domain, with a password.",
            "The password is typed twice on the terminal, or read as one line from standard input with "
                    + "--password-stdin. It is stored as an ARGON2ID hash unless --scheme says otherwise."})
final class MailboxAddCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ADDRESS", description = "The mailbox address, local@domain; also the POP3 login name.")
    private String address;

    @Mixin
    private NewPasswordOptions password;

    MailboxAddCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        MailboxAddress mailbox = Arguments.address(address);
        try (MailStore store = context.openStore()) {
            Directory directory = store.directory();
            // Checked before asking for a password, so that nobody types one in vain.
            if (directory.domains().stream().noneMatch(d -> d.name().equals(mailbox.domain()))) {
                throw new NoSuchDomainException("no domain " + mailbox.domain() + "; add it with: postbox domain add "
                        + mailbox.domain());
            }
            if (directory.account(mailbox).isPresent()) {
                throw new AlreadyExistsException("mailbox " + mailbox + " exists");
            }
            DomainQuotaReport domain = directory.domainQuota(mailbox.domain());
            if (domain.limit().mailboxes() > 0 && domain.mailboxes() >= domain.limit().mailboxes()) {
                throw new QuotaExceededException("domain " + mailbox.domain() + " has reached its limit of "
                        + domain.limit().mailboxes() + " mailbox(es); raise it with: postbox quota set "
                        + mailbox.domain() + " --mailboxes N");
            }
            String hash = password.readAndHash(context, mailbox);
            directory.addMailbox(mailbox, hash);
        }
        spec.commandLine().getOut().println("mailbox " + mailbox + " added");
        return ExitCodes.OK;
    }
}
