package org.postbox.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code postbox admin-token ...}: the bearer tokens of the admin HTTP API. */
@Command(name = "admin-token", mixinStandardHelpOptions = true,
        description = {"Creates, lists and revokes the bearer tokens of the admin HTTP API.",
            "A read token may only read (GET); a write token may also change. Every daemon on the store accepts the "
                    + "same tokens; only a hash of each is stored."})
final class AdminTokenCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: use create, list or revoke");
    }
}
