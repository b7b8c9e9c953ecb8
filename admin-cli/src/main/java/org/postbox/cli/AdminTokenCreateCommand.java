package org.postbox.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.postbox.admin.view.NewAdminTokenView;
import org.postbox.mailstore.AdminScope;
import org.postbox.mailstore.MailStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox admin-token create NAME [--scope read|write] [--json]} */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Creates an admin API token and prints its secret, once.",
            "The secret is pbx_ and 43 characters (32 random octets); only its SHA-256 is stored. Send it as "
                    + "'Authorization: Bearer <secret>'; postbox who, kick and reload read it from --token-file or "
                    + "POSTBOX_ADMIN_TOKEN."})
final class AdminTokenCreateCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "What the token is for, e.g. panel: 1 to 64 letters, digits, '.', "
            + "'_' or '-'; unique.")
    private String name;

    @Option(names = "--scope", paramLabel = "read|write", converter = ScopeName.class,
            description = "read: GET only; write: everything (the default).")
    private AdminScope scope = AdminScope.WRITE;

    @Option(names = "--json", description = "Print {\"name\",\"scope\",\"secret\",\"created\"}.")
    private boolean json;

    AdminTokenCreateCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String tokenName = Arguments.appPasswordName(name);
        NewAdminTokenView token;
        try (MailStore store = context.openStore()) {
            token = context.admin(store).adminTokens().create(context.actor(), tokenName, scope);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, token);
        } else {
            out.println("admin token '" + token.name() + "' (" + token.scope() + "): " + token.secret());
            out.println("Copy it now: only its hash is kept, it cannot be shown again. Revoke it with: "
                    + "postbox admin-token revoke " + token.name());
            out.flush();
        }
        return ExitCodes.OK;
    }

    /** {@code read} or {@code write}, any case; anything else is a usage error. */
    static final class ScopeName implements picocli.CommandLine.ITypeConverter<AdminScope> {
        @Override
        public AdminScope convert(String value) {
            try {
                return org.postbox.admin.AdminTokenRegistry.scope(value);
            } catch (org.postbox.admin.AdminException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
