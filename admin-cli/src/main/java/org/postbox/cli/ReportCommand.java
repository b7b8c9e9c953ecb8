package org.postbox.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code postbox report ...}: reports drawn from the store. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Reports drawn from the store: legacy (who still logs in without TLS, by APOP or CRAM-MD5).")
final class ReportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: use legacy");
    }
}
