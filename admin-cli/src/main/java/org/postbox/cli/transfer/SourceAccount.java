package org.postbox.cli.transfer;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.migration.SourcePassword;

/**
 * An account of the old server, as the mailbox it becomes.
 *
 * @param address          the mailbox
 * @param origin           where it is defined, {@code file:line}, for the report
 * @param password         its password, classified
 * @param loginRefused     whether the old server refused its logins (Dovecot's {@code nologin}):
 *                         it becomes a suspended mailbox
 * @param quota            the limits its account states, when it states any
 * @param maildir          its INBOX's Maildir
 * @param controlDirectory where the old server kept its state of that Maildir ({@code dovecot-uidlist})
 */
public record SourceAccount(MailboxAddress address, String origin, SourcePassword password, boolean loginRefused,
                            Optional<MailboxQuota> quota, Path maildir, Path controlDirectory) {

    public SourceAccount {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(quota, "quota");
        Objects.requireNonNull(maildir, "maildir");
        Objects.requireNonNull(controlDirectory, "controlDirectory");
    }
}
