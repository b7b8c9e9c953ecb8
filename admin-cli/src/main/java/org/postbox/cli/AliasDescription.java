package org.postbox.cli;

import java.util.List;
import org.postbox.mailstore.AliasName;
import org.postbox.mailstore.MailboxAddress;

/** How the alias commands name an alias and its targets in what they print. */
final class AliasDescription {
    private AliasDescription() {
    }

    static String of(AliasName name) {
        return name.isCatchAll() ? "catch-all of " + name.domain() : "alias " + name;
    }

    static String targets(List<MailboxAddress> targets) {
        return "-> " + String.join(", ", targets.stream().map(MailboxAddress::toString).toList());
    }
}
