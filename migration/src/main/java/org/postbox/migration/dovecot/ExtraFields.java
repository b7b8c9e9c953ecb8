package org.postbox.migration.dovecot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The extra fields of a Dovecot passwd-file line (everything after its seventh colon):
 * space-separated {@code key=value} or bare {@code key} tokens, passdb fields as they are and
 * userdb fields with a {@code userdb_} prefix (Dovecot's AuthDatabase.PasswdFile). The ones an
 * import reads have accessors; the rest are kept so that they can be reported.
 */
public record ExtraFields(List<String> tokens) {

    public static final ExtraFields NONE = new ExtraFields(List.of());

    public ExtraFields {
        tokens = List.copyOf(tokens);
    }

    public static ExtraFields parse(String field) {
        List<String> tokens = new ArrayList<>();
        for (String token : field.split("[ \t]+")) {
            if (!token.isEmpty()) {
                tokens.add(token);
            }
        }
        return tokens.isEmpty() ? NONE : new ExtraFields(tokens);
    }

    /** The value of the first {@code key=value} token for {@code key}; empty for a bare {@code key} or none. */
    public Optional<String> value(String key) {
        for (String token : tokens) {
            if (token.startsWith(key + "=")) {
                return Optional.of(token.substring(key.length() + 1));
            }
        }
        return Optional.empty();
    }

    /** Whether there is a token for {@code key}, bare or with a value. */
    public boolean has(String key) {
        return tokens.stream().anyMatch(token -> token.equals(key) || token.startsWith(key + "="));
    }

    /** {@code userdb_mail}: the user's own mail location, overriding {@code mail_location}. */
    public Optional<String> mail() {
        return value("userdb_mail");
    }

    /** {@code userdb_home}: a home directory overriding the line's sixth field. */
    public Optional<String> home() {
        return value("userdb_home");
    }

    /** {@code userdb_quota_rule}: the user's quota rule, such as {@code *:storage=1G}. */
    public Optional<String> quotaRule() {
        return value("userdb_quota_rule");
    }

    /** {@code nologin}: Dovecot refuses the user's logins. */
    public boolean noLogin() {
        return has("nologin");
    }

    /** {@code nopassword}: Dovecot accepts any password for the user. */
    public boolean noPassword() {
        return has("nopassword");
    }
}
