package org.postbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code postbox reload} */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = {"Makes the running postboxd do what SIGHUP does: read its certificates again.",
            "Asks the daemon's admin API (see --url, --token-file); the token needs scope write."})
final class ReloadCommand implements Callable<Integer> {
    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Mixin
    private DaemonOptions daemon;

    ReloadCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        JsonNode answer = daemon.client(context).reload();
        spec.commandLine().getOut().println(answer.path("tlsReloaded").asBoolean()
                ? "reloaded: new certificates in use" : "reloaded: certificates unchanged");
        return ExitCodes.OK;
    }
}
