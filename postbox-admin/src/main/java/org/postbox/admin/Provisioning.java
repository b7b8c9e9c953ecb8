package org.postbox.admin;

import java.nio.file.Path;
import org.postbox.admin.view.ApplyReportView;
import org.postbox.mailstore.Directory;

/**
 * Bulk, idempotent provisioning from a file ({@code postbox apply}): domains, mailboxes with
 * pre-hashed passwords, aliases and quotas, in JSON or CSV. Every line is checked before anything
 * changes; a bad one is named by file and line.
 */
public final class Provisioning {
    private final Directory directory;
    private final Domains domains;
    private final Mailboxes mailboxes;
    private final Aliases aliases;

    Provisioning(Directory directory, Domains domains, Mailboxes mailboxes, Aliases aliases) {
        this.directory = directory;
        this.domains = domains;
        this.mailboxes = mailboxes;
        this.aliases = aliases;
    }

    /**
     * Reads {@code file} (JSON if it ends in {@code .json}, else CSV), checks every item, then
     * makes the store as it says, or with {@code dryRun} only reports what it would do.
     *
     * @throws AdminException of kind {@link ErrorKind#INVALID} naming {@code file:line} for a bad item
     */
    public ApplyReportView apply(Actor actor, Path file, boolean dryRun) {
        throw new AdminException(ErrorKind.INTERNAL, "apply is not written yet");
    }
}
