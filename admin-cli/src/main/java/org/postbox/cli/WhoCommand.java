package org.postbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code postbox who [ADDRESS] [--json]} */
@Command(name = "who", mixinStandardHelpOptions = true,
        description = {"Lists the sessions open at the running postboxd now: POP3 and LMTP, with the mailbox logged in "
                + "(- before login), the client's address, since when (UTC) and whether over TLS.",
            "Asks the daemon's admin API (see --url, --token-file)."})
final class WhoCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ADDRESS", arity = "0..1", description = "Only the sessions of this mailbox.")
    private String address;

    @Option(names = "--json", description = "Print a JSON array of {\"id\",\"address\",\"client\",\"since\",\"tls\","
            + "\"protocol\",...} objects, as the API's GET /api/v1/sessions gives them.")
    private boolean json;

    @Mixin
    private DaemonOptions daemon;

    WhoCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Optional<String> only = Optional.ofNullable(address).map(Arguments::address).map(Object::toString);
        List<JsonNode> sessions = daemon.client(context).sessions(only);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, sessions);
        } else {
            TextTable table = new TextTable(new TextTable.Column("ID", false), new TextTable.Column("PROTOCOL", false),
                    new TextTable.Column("ADDRESS", false), new TextTable.Column("CLIENT", false),
                    new TextTable.Column("SINCE", false), new TextTable.Column("TLS", false));
            for (JsonNode session : sessions) {
                JsonNode user = session.path("address");
                table.row(session.path("id").asText(), session.path("protocol").asText(),
                        user.isTextual() ? user.asText() : "-", session.path("client").asText(),
                        session.path("since").asText(), session.path("tls").asBoolean() ? "yes" : "no");
            }
            table.print(out);
        }
        return ExitCodes.OK;
    }
}
