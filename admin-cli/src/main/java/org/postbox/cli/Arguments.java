package org.postbox.cli;

import org.postbox.mailstore.AliasName;
import org.postbox.mailstore.AppPassword;
import org.postbox.mailstore.DomainName;
import org.postbox.mailstore.Expire;
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

    /** {@code local@domain}, or {@code @domain} for the domain's catch-all. */
    static AliasName alias(String text) {
        try {
            return AliasName.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
        }
    }

    /** {@code on} or {@code off}, as the pop3 commands take it. */
    static boolean onOff(String text) {
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new CommandFailure(ExitCodes.USAGE, "expected on or off, not '" + text + "'");
        };
    }

    /** A LOGIN-DELAY in seconds, 0 to a day. */
    static long loginDelaySeconds(long seconds) {
        try {
            return org.postbox.mailstore.LoginDelay.check(java.time.Duration.ofSeconds(seconds)).toSeconds();
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
        }
    }

    /** A number of days or {@code never}, as the retention commands take it. */
    static Expire expire(String text) {
        try {
            return Expire.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
        }
    }

    /** {@code true} or {@code false}. */
    static boolean trueFalse(String text) {
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new CommandFailure(ExitCodes.USAGE, "expected true or false, not '" + text + "'");
        };
    }
}
