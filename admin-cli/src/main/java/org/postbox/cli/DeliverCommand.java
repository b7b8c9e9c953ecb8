package org.postbox.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.postbox.config.ConfigException;
import org.postbox.config.PostboxConfig;
import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.StoreConfigException;
import org.postbox.mailstore.StoreException;
import org.postbox.mailstore.warnings.QuotaWarningObserver;
import org.postbox.mailstore.warnings.QuotaWarningStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code postbox deliver [-f SENDER] [--over-quota-temporary] ADDRESS... < message}: local
 * delivery for an MTA's pipe transport, with the checks and results of LMTP. Exit statuses follow
 * sysexits so that the MTA bounces (67 no such mailbox, 73 mailbox full, 77 suspended) or retries
 * (75), as Postfix's pipe(8) maps them to 5.1.1, 5.2.0, 5.7.0 and 4.3.0. A copy that takes its
 * mailbox across a quota warning threshold brings a warning into it, as over LMTP
 * (docs/quota-warnings.md).
 */
@Command(name = "deliver", mixinStandardHelpOptions = true,
        description = {"Delivers the message on standard input to each ADDRESS; the message is stored unchanged.",
            "Prints one line on standard error per recipient that failed. Exit status: 0 when every copy was "
                    + "stored; 75 when any recipient failed temporarily (the MTA should retry, which may deliver "
                    + "again to the others: give one recipient per call, e.g. Postfix's "
                    + "<transport>_destination_recipient_limit = 1); else the status of the first recipient that "
                    + "failed for good: 67 no such mailbox, 73 over quota, 77 mailbox or domain suspended."})
final class DeliverCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "-f", paramLabel = "SENDER",
            description = "The envelope sender, checked for syntax; empty or <> for bounces.")
    private String sender;

    @Option(names = "--over-quota-temporary",
            description = "Report a full mailbox as a temporary failure (75) so that the MTA keeps retrying, as "
                    + "LMTP's 452 4.2.2; by default it is permanent (73), as LMTP's 552 5.2.2.")
    private boolean overQuotaTemporary;

    @Parameters(paramLabel = "ADDRESS", arity = "1..*", description = "The recipients' mailbox addresses.")
    private List<String> recipients;

    DeliverCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (sender != null) {
            checkSender(sender);
        }
        Set<MailboxAddress> unique = new LinkedHashSet<>();
        recipients.forEach(r -> unique.add(Arguments.address(r)));
        List<MailboxAddress> addresses = new ArrayList<>(unique);

        PrintWriter err = spec.commandLine().getErr();
        PostboxConfig config = context.config();
        try (MailStore store = QuotaWarningStore.wrap(config.store().open(),
                config.quotaWarnings().settings(Clock.systemUTC()), new WarningReport(err))) {
            MessageSpool spool = spool();
            List<DeliveryOutcome> outcomes;
            try {
                outcomes = store.deliver(addresses, spool.source());
            } finally {
                delete(spool, err);
            }
            return report(addresses, outcomes, err);
        } catch (CommandFailure | ConfigException | StoreConfigException e) {
            throw e;
        } catch (StoreException e) {
            // The store reports per-recipient failures as outcomes; a thrown one concerns the store
            // as a whole, and an MTA must retry rather than bounce.
            throw new CommandFailure(ExitCodes.TEMPORARY, e.getMessage(), e);
        } catch (RuntimeException e) {
            // An MTA bounces on most statuses other than 75; whatever broke here, the mail must be retried.
            throw new CommandFailure(ExitCodes.TEMPORARY, "delivery failed: " + e, e);
        }
    }

    private MessageSpool spool() {
        MessageSpool spool;
        try {
            spool = MessageSpool.of(context.stdin());
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.TEMPORARY, "cannot spool the message from standard input: "
                    + e.getMessage(), e);
        }
        if (spool.octets() == 0) {
            delete(spool, spec.commandLine().getErr());
            throw new CommandFailure(ExitCodes.DATA, "refusing an empty message: nothing on standard input");
        }
        return spool;
    }

    /** A leftover temporary file is worth a warning, not a failure: failing would make the MTA deliver again. */
    private static void delete(MessageSpool spool, PrintWriter err) {
        try {
            spool.delete();
        } catch (IOException e) {
            err.println(FailureReport.PROGRAM + ": warning: cannot delete the temporary file " + spool.file() + ": "
                    + e.getMessage());
        }
    }

    private int report(List<MailboxAddress> addresses, List<DeliveryOutcome> outcomes, PrintWriter err) {
        boolean temporary = false;
        int permanent = ExitCodes.OK;
        for (int i = 0; i < addresses.size(); i++) {
            DeliveryOutcome outcome = outcomes.get(i);
            String problem = null;
            int code = ExitCodes.OK;
            if (outcome instanceof DeliveryOutcome.NoSuchMailbox) {
                code = ExitCodes.NO_USER;
                problem = "no such mailbox";
            } else if (outcome instanceof DeliveryOutcome.Suspended) {
                code = ExitCodes.NO_PERMISSION;
                problem = "mailbox suspended";
            } else if (outcome instanceof DeliveryOutcome.OverQuota) {
                code = overQuotaTemporary ? ExitCodes.TEMPORARY : ExitCodes.CANT_CREATE;
                problem = "over quota: " + ((DeliveryOutcome.OverQuota) outcome).reason();
            } else if (outcome instanceof DeliveryOutcome.TemporaryFailure) {
                code = ExitCodes.TEMPORARY;
                problem = "temporary failure: " + ((DeliveryOutcome.TemporaryFailure) outcome).reason();
            } else if (outcome instanceof DeliveryOutcome.StoreFull full) {
                code = ExitCodes.TEMPORARY;
                problem = "mail store full: " + full.reason();
            }
            if (code == ExitCodes.TEMPORARY) {
                temporary = true;
            } else if (permanent == ExitCodes.OK) {
                permanent = code;
            }
            if (problem != null) {
                err.println(FailureReport.PROGRAM + ": " + addresses.get(i) + ": " + problem);
            }
        }
        err.flush();
        return temporary ? ExitCodes.TEMPORARY : permanent;
    }

    /**
     * Quota warnings as a pipe transport reports them: nothing when stored, a line on standard
     * error when not (the delivery itself stands) or when a template is broken.
     */
    private record WarningReport(PrintWriter err) implements QuotaWarningObserver {
        @Override
        public void sent(MailboxAddress mailbox, int threshold) {
        }

        @Override
        public void notStored(MailboxAddress mailbox, int threshold, String reason) {
            err.println(FailureReport.PROGRAM + ": warning: " + mailbox + ": quota warning of " + threshold
                    + "% not stored: " + reason);
        }

        @Override
        public void templateBroken(Path file, String problem) {
            err.println(FailureReport.PROGRAM + ": warning: quota warning template " + file + " is broken, the built-in"
                    + " text is used instead: " + problem);
        }
    }

    /** An RFC 5321 reverse-path as far as we can check it: empty (bounces) or a mailbox address. */
    private static void checkSender(String text) {
        String bare = text.startsWith("<") && text.endsWith(">") ? text.substring(1, text.length() - 1) : text;
        if (bare.isEmpty()) {
            return;
        }
        try {
            MailboxAddress.parse(bare);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, "invalid sender: " + e.getMessage());
        }
    }
}
