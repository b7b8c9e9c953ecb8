package org.postbox.cli;

import java.util.List;
import org.postbox.mailstore.MailboxAddress;
import picocli.CommandLine.Parameters;

/** The {@code ALIAS TARGET...} arguments of {@code alias add} and {@code alias set}. */
final class AliasTargets {

    @Parameters(index = "0", paramLabel = "ALIAS",
            description = "The alias, local@domain, or @domain for the domain's catch-all.")
    String alias;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "TARGET",
            description = "The mailboxes its mail goes to, local@domain, of any domain of the installation.")
    List<String> targets;

    List<MailboxAddress> addresses() {
        return targets.stream().map(Arguments::address).toList();
    }
}
