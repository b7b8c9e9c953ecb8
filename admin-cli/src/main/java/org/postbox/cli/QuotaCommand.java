package org.postbox.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code postbox quota ...}: the group of quota commands. */
@Command(name = "quota", mixinStandardHelpOptions = true,
        description = {"Shows and sets the limits of mailboxes (storage, messages) and domains (storage, mailboxes), "
                + "and recalculates usage from the stored messages.",
            "Usage counts messages as stored. A limit may be reached but never passed: a message that would pass it "
                    + "is refused whole. 0 means unlimited."})
final class QuotaCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: use show, set or recalc");
    }
}
