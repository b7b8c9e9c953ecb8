package org.postbox.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.postbox.admin.ErrorKind;

/** The exit status of {@code postbox}, after BSD's sysexits.h so that MTAs and scripts can act on it. */
final class ExitCodes {
    static final int OK = 0;
    /** The operator declined at a confirmation prompt. */
    static final int DECLINED = 1;
    /** EX_USAGE: bad command line, invalid address or domain argument, missing terminal. */
    static final int USAGE = 64;
    /**
     * EX_DATAERR: the request conflicts with the store (exists already, domain not empty) or the
     * input is unusable; for import and migrate, something was not taken over (see the report).
     */
    static final int DATA = 65;
    /** EX_NOINPUT: a file or directory named on the command line does not exist or cannot be read. */
    static final int NO_INPUT = 66;
    /** EX_NOUSER: no such domain, mailbox, alias, app password or admin token. */
    static final int NO_USER = 67;
    /** EX_SOFTWARE: a defect in Postbox. */
    static final int SOFTWARE = 70;
    /**
     * EX_CANTCREAT: the mailbox is full (deliver), the domain has all the mailboxes it may have, or
     * the mailbox all the app passwords.
     */
    static final int CANT_CREATE = 73;
    /** EX_IOERR: standard input or a temporary file could not be read or written. */
    static final int IO = 74;
    /**
     * EX_TEMPFAIL: mailbox in use, store unavailable, over quota with --over-quota-temporary, the
     * daemon not reachable (who, kick, reload); try again later (for import and migrate: run the
     * same command again to finish).
     */
    static final int TEMPORARY = 75;
    /**
     * EX_NOPERM: the mailbox or its domain is suspended and takes no mail; the daemon refused the
     * admin token (who, kick, reload).
     */
    static final int NO_PERMISSION = 77;
    /** EX_CONFIG: the configuration file is invalid. */
    static final int CONFIG = 78;

    private ExitCodes() {
    }

    /** The exit status of a failure of the administration service, by its kind. */
    static int of(ErrorKind kind) {
        return switch (kind) {
            case INVALID, CONFLICT -> DATA;
            case NOT_FOUND -> NO_USER;
            case OVER_LIMIT -> CANT_CREATE;
            // Retrying later may work: the session ends, the store comes back.
            case IN_USE, UNAVAILABLE -> TEMPORARY;
            case SUSPENDED -> NO_PERMISSION;
            case INTERNAL -> SOFTWARE;
        };
    }

    /** The table printed under every command's help. */
    static Map<String, String> table() {
        Map<String, String> table = new LinkedHashMap<>();
        table.put(String.valueOf(OK), "success");
        table.put(String.valueOf(DECLINED), "not confirmed at the prompt; nothing changed");
        table.put(String.valueOf(USAGE), "bad usage: unknown command or option, invalid address or domain");
        table.put(String.valueOf(DATA), "conflict or bad input: exists already, domain not empty, alias target not a "
                + "mailbox, empty password, a bad line in an apply file; "
                + "import, migrate: something was not taken over (see the report)");
        table.put(String.valueOf(NO_INPUT), "a file or directory given cannot be read");
        table.put(String.valueOf(NO_USER), "no such domain, mailbox, alias, app password or admin token");
        table.put(String.valueOf(SOFTWARE), "internal error (run with --verbose and report it)");
        table.put(String.valueOf(CANT_CREATE), "over quota: mailbox full, or a limit reached (the domain's "
                + "mailboxes, the mailbox's app passwords)");
        table.put(String.valueOf(IO), "cannot read standard input or write a temporary file");
        table.put(String.valueOf(TEMPORARY), "temporary failure: mailbox in use, store unavailable, over quota if "
                + "temporary, daemon not reachable; import, migrate: run again to finish");
        table.put(String.valueOf(NO_PERMISSION), "the mailbox or its domain is suspended; the daemon refused the admin token");
        table.put(String.valueOf(CONFIG), "invalid configuration");
        return table;
    }
}
