package org.postbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.postbox.mailstore.MailboxAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox kick ADDRESS} */
@Command(name = "kick", mixinStandardHelpOptions = true,
        description = {"Ends every session of a mailbox at the running postboxd, without the UPDATE state: messages "
                + "the client marked for deletion are kept. Frees the maildrop lock (for mailbox rename or remove).",
            "Asks the daemon's admin API (see --url, --token-file); the token needs scope write."})
final class KickCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ADDRESS", description = "The mailbox address, local@domain.")
    private String address;

    @Mixin
    private DaemonOptions daemon;

    KickCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        MailboxAddress mailbox = Arguments.address(address);
        DaemonClient client = daemon.client(context);
        List<JsonNode> sessions = client.sessions(Optional.of(mailbox.toString()));
        int kicked = 0;
        for (JsonNode session : sessions) {
            // A session that ended between the listing and the kick is not an error: it is gone either way.
            if (client.kick(session.path("id").asText())) {
                kicked++;
            }
        }
        spec.commandLine().getOut().println(kicked == 0 ? "no open session of " + mailbox
                : "ended " + kicked + " session(s) of " + mailbox + "; nothing was deleted");
        return ExitCodes.OK;
    }
}
