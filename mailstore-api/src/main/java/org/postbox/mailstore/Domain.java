package org.postbox.mailstore;

import java.util.Objects;

/**
 * A tenant: a mail domain, the number of mailboxes and aliases it holds (a catch-all counts as
 * an alias), whether it is suspended and whether its mailboxes may log in over POP3.
 */
public record Domain(String name, int mailboxCount, int aliasCount, boolean suspended, boolean pop3Enabled) {
    public Domain {
        Objects.requireNonNull(name, "name");
    }
}
