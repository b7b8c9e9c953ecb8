package org.postbox.migration.dovecot;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.migration.SourcePassword;

/**
 * One account of a Dovecot passwd-file ({@code user:password:uid:gid:gecos:home:shell:extra_fields}).
 *
 * @param line        its line number
 * @param user        the first field as written
 * @param address     the mailbox it becomes: the user as {@code name@domain}, a bare name with the
 *                    default domain
 * @param password    the second field, classified
 * @param uid         the third field, when not empty
 * @param gid         the fourth field, when not empty
 * @param home        the sixth field, or {@code userdb_home} when that is given, when not empty
 * @param extraFields everything after the seventh colon
 * @param quota       the limits of its {@code userdb_quota_rule}, when it has one that can be taken over
 */
public record PasswdAccount(long line, String user, MailboxAddress address, SourcePassword password,
                            Optional<String> uid, Optional<String> gid, Optional<String> home,
                            ExtraFields extraFields, Optional<MailboxQuota> quota) {

    public PasswdAccount {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(gid, "gid");
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(extraFields, "extraFields");
        Objects.requireNonNull(quota, "quota");
    }

    /**
     * The user facts its mail location is expanded with. {@code %u} is the full address even for
     * a bare name in the file: a default domain means that users logged in with their domain and
     * the file is looked up by name only (Dovecot's {@code username_format=%n}).
     */
    public MailUser mailUser() {
        return new MailUser(address.toString(), home, uid, gid);
    }

    /**
     * Where its INBOX is: by its own {@code userdb_mail} when it has one, otherwise by
     * {@code defaultLocation}.
     *
     * @throws IllegalArgumentException when the location cannot be resolved for this account
     */
    public MaildirLocation maildir(MailLocation defaultLocation, Optional<Path> mailRoot) {
        MailLocation location = extraFields.mail().map(MailLocation::parse).orElse(defaultLocation);
        return location.resolve(mailUser(), mailRoot);
    }
}
