package org.postbox.cli;

import java.util.concurrent.Callable;
import org.postbox.mailstore.MailStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox admin-token revoke NAME} */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revokes an admin API token: every daemon refuses it from its next request on.")
final class AdminTokenRevokeCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The token's name, as listed.")
    private String name;

    AdminTokenRevokeCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String tokenName = Arguments.appPasswordName(name);
        try (MailStore store = context.openStore()) {
            context.admin(store).adminTokens().revoke(context.actor(), tokenName);
        }
        spec.commandLine().getOut().println("admin token '" + tokenName + "' revoked");
        return ExitCodes.OK;
    }
}
