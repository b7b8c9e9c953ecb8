package org.postbox.migration.courier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.migration.QuotaDefinition;
import org.postbox.migration.SourcePassword;
import org.postbox.migration.SourceProblem;
import org.postbox.migration.TextLines;

/**
 * A Courier userdb source, {@code /etc/courier/userdb} (makeuserdb(8)): a file, or a directory
 * whose files (in name order, below it too, without hidden ones such as userdb's lock and
 * temporary files) count as one file. Each line is {@code name<TAB>field=value|field=value...};
 * blank lines and lines starting with {@code #} are skipped, and so are the reverse lines that
 * map a UNIX uid to an account ({@code <uid>=<TAB><name>}). Each bad line is a problem of its own.
 *
 * @param accounts the accounts, in file order
 * @param problems lines not taken over, and accounts taken over with something left behind
 */
public record CourierUserdb(List<CourierAccount> accounts, List<SourceProblem> problems) {

    public CourierUserdb {
        accounts = List.copyOf(accounts);
        problems = List.copyOf(problems);
    }

    /**
     * Reads a userdb file or directory.
     *
     * @param defaultDomain the domain of account names without one; without it such lines are problems
     */
    public static CourierUserdb read(Path fileOrDirectory, Optional<String> defaultDomain) throws IOException {
        Objects.requireNonNull(defaultDomain, "defaultDomain");
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(fileOrDirectory)) {
            try (Stream<Path> walk = Files.walk(fileOrDirectory)) {
                walk.filter(Files::isRegularFile)
                        .filter(path -> !fileOrDirectory.relativize(path).toString().startsWith(".")
                                && !path.getFileName().toString().startsWith("."))
                        .sorted()
                        .forEach(files::add);
            }
        } else {
            files.add(fileOrDirectory);
        }
        List<CourierAccount> accounts = new ArrayList<>();
        List<SourceProblem> problems = new ArrayList<>();
        Map<MailboxAddress, CourierAccount> seen = new HashMap<>();
        for (Path file : files) {
            try (TextLines lines = TextLines.open(file)) {
                Optional<TextLines.Line.Text> next;
                while ((next = lines.nextText(problems)).isPresent()) {
                    TextLines.Line.Text line = next.get();
                    String text = line.text();
                    if (text.isBlank() || text.startsWith("#")) {
                        continue;
                    }
                    try {
                        Optional<CourierAccount> account = account(file, line.number(), text, defaultDomain, problems);
                        if (account.isEmpty()) {
                            continue;
                        }
                        CourierAccount earlier = seen.putIfAbsent(account.get().address(), account.get());
                        if (earlier != null) {
                            problems.add(new SourceProblem(file, line.number(), account.get().address() + " is in "
                                    + earlier.file() + " line " + earlier.line()
                                    + " already (makeuserdb refuses such a userdb); this line is not imported"));
                        } else {
                            accounts.add(account.get());
                        }
                    } catch (IllegalArgumentException e) {
                        problems.add(new SourceProblem(file, line.number(), e.getMessage()));
                    }
                }
            }
        }
        return new CourierUserdb(accounts, problems);
    }

    private static Optional<CourierAccount> account(Path file, long number, String text, Optional<String> defaultDomain,
                                                    List<SourceProblem> problems) {
        int tab = text.indexOf('\t');
        if (tab <= 0) {
            throw new IllegalArgumentException("expected '<name><TAB><field>=<value>|...'; there is no tab after the name");
        }
        String name = text.substring(0, tab);
        if (name.endsWith("=")) {
            return Optional.empty(); // "<uid>=<TAB><name>": a uid's account, not an account
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : text.substring(tab + 1).split("\\|")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            fields.putIfAbsent(key, equals < 0 ? "" : pair.substring(equals + 1));
        }
        MailboxAddress address = name.indexOf('@') >= 0 ? MailboxAddress.parse(name)
                : new MailboxAddress(name, defaultDomain.orElseThrow(() -> new IllegalArgumentException(
                        "account '" + name + "' has no domain and no default domain was given")));
        String pop3pw = fields.get("pop3pw");
        SourcePassword password = SourcePassword.fromCourier(
                pop3pw != null && !pop3pw.isEmpty() ? pop3pw : fields.getOrDefault("systempw", ""));
        Optional<MailboxQuota> quota = Optional.empty();
        String quotaField = fields.get("quota");
        if (quotaField != null && !quotaField.isEmpty()) {
            try {
                quota = Optional.of(QuotaDefinition.parse(quotaField));
            } catch (IllegalArgumentException e) {
                problems.add(new SourceProblem(file, number, address + ": quota: " + e.getMessage()
                        + "; the mailbox is imported without a quota"));
            }
        }
        return Optional.of(new CourierAccount(file, number, name, address, fields, password, quota));
    }
}
