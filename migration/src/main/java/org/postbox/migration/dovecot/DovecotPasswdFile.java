package org.postbox.migration.dovecot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.migration.SourcePassword;
import org.postbox.migration.SourceProblem;
import org.postbox.migration.TextLines;

/**
 * A Dovecot passwd-file, read for import: every account that can be taken over, and a problem for
 * every line that cannot, with its line number; one bad line never stops the rest. Empty lines
 * and lines starting with {@code #} are skipped, as Dovecot skips them. When a mailbox appears on
 * several lines the first counts, as in Dovecot, and the others are reported.
 *
 * @param file     the file read
 * @param accounts the accounts, in file order
 * @param problems lines not taken over, and accounts taken over with something left behind
 *                 (a quota rule that cannot be translated, a mail location that does not parse)
 */
public record DovecotPasswdFile(Path file, List<PasswdAccount> accounts, List<SourceProblem> problems) {

    /** Dovecot's default for password fields without a {@code {SCHEME}} prefix. */
    public static final String DEFAULT_SCHEME = "CRYPT";

    public DovecotPasswdFile {
        Objects.requireNonNull(file, "file");
        accounts = List.copyOf(accounts);
        problems = List.copyOf(problems);
    }

    /**
     * Reads {@code file}.
     *
     * @param defaultDomain the domain of users given without one; without it such lines are problems
     * @param defaultScheme the scheme of passwords without a {@code {SCHEME}} prefix (the
     *                      passwd-file's {@code scheme=} argument; {@link #DEFAULT_SCHEME} if it has none)
     * @throws IOException when the file cannot be read at all
     */
    public static DovecotPasswdFile read(Path file, Optional<String> defaultDomain, String defaultScheme)
            throws IOException {
        List<PasswdAccount> accounts = new ArrayList<>();
        List<SourceProblem> problems = new ArrayList<>();
        Map<MailboxAddress, Long> firstLines = new HashMap<>();
        try (TextLines lines = TextLines.open(file)) {
            Optional<TextLines.Line.Text> next;
            while ((next = lines.nextText(problems)).isPresent()) {
                TextLines.Line.Text line = next.get();
                String text = line.text();
                if (text.isBlank() || text.startsWith("#")) {
                    continue;
                }
                try {
                    PasswdAccount account = account(file, line.number(), text, defaultDomain, defaultScheme, problems);
                    Long first = firstLines.putIfAbsent(account.address(), line.number());
                    if (first != null) {
                        problems.add(new SourceProblem(file, line.number(), account.address()
                                + " is on line " + first + " already; Dovecot uses that line, so this one is not imported"));
                    } else {
                        accounts.add(account);
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(new SourceProblem(file, line.number(), e.getMessage()));
                }
            }
        }
        return new DovecotPasswdFile(file, accounts, problems);
    }

    private static final int EXTRA_FIELDS = 7;

    private static PasswdAccount account(Path file, long number, String text, Optional<String> defaultDomain,
                                         String defaultScheme, List<SourceProblem> problems) {
        // user:password:uid:gid:gecos:home:shell:extra fields (which may contain colons themselves)
        String[] fields = text.split(":", EXTRA_FIELDS + 1);
        String user = fields[0];
        if (fields.length < 2) {
            throw new IllegalArgumentException("no ':' after the user name; expected user:password[:uid:gid:gecos:home:shell:extra fields]");
        }
        if (user.isEmpty()) {
            throw new IllegalArgumentException("the user name is empty");
        }
        MailboxAddress address = address(user, defaultDomain);
        ExtraFields extra = fields.length > EXTRA_FIELDS ? ExtraFields.parse(fields[EXTRA_FIELDS]) : ExtraFields.NONE;
        SourcePassword password = SourcePassword.fromDovecot(fields[1], defaultScheme, extra.noPassword());
        Optional<String> home = extra.home().or(() -> field(fields, 5));
        Optional<MailboxQuota> quota = Optional.empty();
        if (extra.quotaRule().isPresent()) {
            try {
                quota = Optional.of(DovecotQuotaRule.parse(extra.quotaRule().get()));
            } catch (IllegalArgumentException e) {
                problems.add(new SourceProblem(file, number, address + ": " + e.getMessage() + "; the mailbox is imported without a quota"));
            }
        }
        if (extra.mail().isPresent()) {
            try {
                MailLocation.parse(extra.mail().get());
            } catch (IllegalArgumentException e) {
                problems.add(new SourceProblem(file, number, address + ": userdb_mail: " + e.getMessage()));
            }
        }
        return new PasswdAccount(number, user, address, password, field(fields, 2), field(fields, 3), home, extra, quota);
    }

    private static MailboxAddress address(String user, Optional<String> defaultDomain) {
        if (user.indexOf('@') >= 0) {
            return MailboxAddress.parse(user);
        }
        String domain = defaultDomain.orElseThrow(() -> new IllegalArgumentException("user '" + user
                + "' has no domain and no default domain was given"));
        return new MailboxAddress(user, domain);
    }

    private static Optional<String> field(String[] fields, int index) {
        return index < fields.length && !fields[index].isEmpty() ? Optional.of(fields[index]) : Optional.empty();
    }
}
