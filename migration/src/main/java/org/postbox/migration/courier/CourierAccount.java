package org.postbox.migration.courier;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.migration.SourcePassword;

/**
 * One account of a Courier userdb source ({@code name<TAB>field=value|field=value...},
 * makeuserdb(8)).
 *
 * @param file     the file it is in
 * @param line     its line number there
 * @param name     the account name as written
 * @param address  the mailbox it becomes: the name as {@code name@domain}, a bare name with the default domain
 * @param fields   all its fields
 * @param password its POP3 password, classified: {@code pop3pw} when it has one (Courier checks a
 *                 service's own password first), else {@code systempw}
 * @param quota    its {@code quota} field, when it has one that parses
 */
public record CourierAccount(Path file, long line, String name, MailboxAddress address, Map<String, String> fields,
                             SourcePassword password, Optional<MailboxQuota> quota) {

    /** Courier's default Maildir under the home directory (its MAILDIRPATH). */
    public static final String DEFAULT_MAILDIR = "Maildir";

    public CourierAccount {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        fields = Map.copyOf(fields);
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(quota, "quota");
    }

    public Optional<String> field(String key) {
        return Optional.ofNullable(fields.get(key)).filter(value -> !value.isEmpty());
    }

    public Optional<String> home() {
        return field("home");
    }

    /** The {@code mail} field: where the Maildir is, when not under the home directory. */
    public Optional<String> mail() {
        return field("mail");
    }

    /**
     * The Maildir: the {@code mail} field, or {@code <home>/<defaultMaildir>}.
     *
     * @throws IllegalArgumentException when the account has neither field
     */
    public Path maildir(String defaultMaildir) {
        return mail().map(Path::of).or(() -> home().map(home -> Path.of(home).resolve(defaultMaildir)))
                .orElseThrow(() -> new IllegalArgumentException(name + " has neither a mail nor a home field"));
    }
}
