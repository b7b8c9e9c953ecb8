package org.postbox.cli;

import org.postbox.mailstore.AppPassword;
import org.postbox.mailstore.DomainName;
import org.postbox.mailstore.MailboxAddress;

/** Validation of command-line values; a bad one is a usage error that says what is wrong. */
final class Arguments {

    private Arguments() {
    }

    static String domain(String text) {
        try {
            return DomainName.normalise(text);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
        }
    }

    static String appPasswordName(String text) {
        try {
            return AppPassword.checkName(text);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
        }
    }

    static MailboxAddress address(String text) {
        try {
            return MailboxAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
        }
    }
}
