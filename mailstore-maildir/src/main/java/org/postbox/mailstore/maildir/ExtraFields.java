package org.postbox.mailstore.maildir;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Locale;
import java.util.Optional;

import org.postbox.mailstore.Expire;
import org.postbox.mailstore.LoginDelay;
import org.postbox.mailstore.MailboxQuota;

/**
 * The extra fields of a passwd-file line (its eighth field): space-separated {@code key=value}
 * tokens, Dovecot's passdb fields, and userdb fields with a {@code userdb_} prefix. Two of them
 * carry what Postbox stores per mailbox, so that Dovecot over the same file agrees:
 * <ul>
 *   <li>{@code nologin}: the mailbox is suspended; Dovecot refuses its logins too.</li>
 *   <li>{@code userdb_quota_rule=*:bytes=<octets>:messages=<count>}: the mailbox's limits, as
 *       Dovecot's quota plugin reads them (only the limits that are set; no field when unlimited).</li>
 * </ul>
 * and one is Postbox's own, which Dovecot passes along unread like any field it does not know:
 * <ul>
 *   <li>{@code postbox_pop3=no}: the mailbox may not log in over POP3 (it is not suspended: mail
 *       keeps arriving). Absent when allowed, so lines of mailboxes with POP3 stay as they were.</li>
 *   <li>{@code postbox_login_delay=<seconds>}: the mailbox's own LOGIN-DELAY; absent when it takes
 *       its domain's.</li>
 *   <li>{@code postbox_expire=<days>|never}: the mailbox's own retention of retrieved mail; absent
 *       when it inherits its domain's.</li>
 * </ul>
 * Every other token is kept as it is.
 */
record ExtraFields(List<String> tokens) {

    static final ExtraFields NONE = new ExtraFields(List.of());

    private static final String NOLOGIN = "nologin";
    private static final String QUOTA_RULE = "userdb_quota_rule=";
    private static final String POP3 = "postbox_pop3=";
    private static final String POP3_OFF = POP3 + "no";
    private static final String LOGIN_DELAY = "postbox_login_delay=";
    private static final String EXPIRE = "postbox_expire=";

    ExtraFields {
        tokens = List.copyOf(tokens);
    }

    static ExtraFields parse(String field) {
        List<String> tokens = new ArrayList<>();
        for (String token : field.split("[ \t]+")) {
            if (!token.isEmpty()) {
                tokens.add(token);
            }
        }
        return new ExtraFields(tokens);
    }

    String render() {
        return String.join(" ", tokens);
    }

    boolean noLogin() {
        return tokens.stream().anyMatch(ExtraFields::isNoLogin);
    }

    ExtraFields withNoLogin(boolean noLogin) {
        List<String> changed = new ArrayList<>(tokens);
        changed.removeIf(ExtraFields::isNoLogin);
        if (noLogin) {
            changed.add(NOLOGIN);
        }
        return new ExtraFields(changed);
    }

    /** Whether POP3 logins are allowed by the mailbox's own setting: any value but {@code no} allows them. */
    boolean pop3Enabled() {
        return tokens.stream().noneMatch(POP3_OFF::equals);
    }

    ExtraFields withPop3Enabled(boolean enabled) {
        List<String> changed = new ArrayList<>(tokens);
        changed.removeIf(token -> token.startsWith(POP3));
        if (!enabled) {
            changed.add(POP3_OFF);
        }
        return new ExtraFields(changed);
    }

    /**
     * The mailbox's own LOGIN-DELAY, empty when it takes its domain's.
     *
     * @throws IllegalArgumentException if the field holds no delay we can use
     */
    Optional<Duration> loginDelay() {
        for (String token : tokens) {
            if (token.startsWith(LOGIN_DELAY)) {
                return Optional.of(LoginDelay.check(Duration.ofSeconds(Long.parseLong(token.substring(LOGIN_DELAY.length())))));
            }
        }
        return Optional.empty();
    }

    ExtraFields withLoginDelay(Optional<Duration> delay) {
        List<String> changed = new ArrayList<>(tokens);
        changed.removeIf(token -> token.startsWith(LOGIN_DELAY));
        delay.ifPresent(seconds -> changed.add(LOGIN_DELAY + seconds.toSeconds()));
        return new ExtraFields(changed);
    }

    /** The mailbox's own expire setting; empty (inherit) without one or when it cannot be read. */
    Optional<Expire> expire() {
        for (String token : tokens) {
            if (token.startsWith(EXPIRE)) {
                try {
                    return Optional.of(Expire.parse(token.substring(EXPIRE.length())));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    ExtraFields withExpire(Optional<Expire> expire) {
        List<String> changed = new ArrayList<>(tokens);
        changed.removeIf(token -> token.startsWith(EXPIRE));
        expire.ifPresent(value -> changed.add(EXPIRE + value.toString().toLowerCase(Locale.ROOT)));
        return new ExtraFields(changed);
    }

    /** The limits of the first {@code userdb_quota_rule} for all mailboxes ({@code *} or {@code ?}); unlimited without one. */
    MailboxQuota quota() {
        for (String token : tokens) {
            if (token.startsWith(QUOTA_RULE)) {
                Optional<MailboxQuota> quota = QuotaRule.parse(token.substring(QUOTA_RULE.length()));
                if (quota.isPresent()) {
                    return quota.get();
                }
            }
        }
        return MailboxQuota.UNLIMITED;
    }

    ExtraFields withQuota(MailboxQuota quota) {
        List<String> changed = new ArrayList<>(tokens);
        changed.removeIf(token -> token.startsWith(QUOTA_RULE));
        if (!quota.isUnlimited()) {
            changed.add(QUOTA_RULE + QuotaRule.render(quota));
        }
        return new ExtraFields(changed);
    }

    private static boolean isNoLogin(String token) {
        return token.equals(NOLOGIN) || token.startsWith(NOLOGIN + "=");
    }

    /**
     * Dovecot's quota rule syntax, {@code <mailbox>:<limit>[:<limit>...]} with limits
     * {@code storage=<n>[unit]} (kilobytes without a unit), {@code bytes=<n>[unit]} and
     * {@code messages=<n>}; units {@code B}, {@code k}, {@code M}, {@code G}, {@code T} are binary.
     * We write {@code bytes=} without a unit, which no reader can misunderstand.
     */
    static final class QuotaRule {

        private QuotaRule() {
        }

        static String render(MailboxQuota quota) {
            StringBuilder rule = new StringBuilder("*");
            if (quota.storageOctets() > 0) {
                rule.append(":bytes=").append(quota.storageOctets());
            }
            if (quota.messages() > 0) {
                rule.append(":messages=").append(quota.messages());
            }
            return rule.toString();
        }

        /** Empty when the rule is for particular folders only, or cannot be read. */
        static Optional<MailboxQuota> parse(String rule) {
            String[] parts = rule.split(":");
            if (parts.length < 2 || !(parts[0].equals("*") || parts[0].equals("?"))) {
                return Optional.empty();
            }
            long octets = 0;
            long messages = 0;
            for (int i = 1; i < parts.length; i++) {
                int equals = parts[i].indexOf('=');
                if (equals < 0) {
                    return Optional.empty();
                }
                String key = parts[i].substring(0, equals);
                String value = parts[i].substring(equals + 1);
                switch (key) {
                    case "storage" -> octets = amount(value, 1024).orElse(-1L);
                    case "bytes" -> octets = amount(value, 1).orElse(-1L);
                    case "messages" -> messages = amount(value, 1).orElse(-1L);
                    default -> {
                        return Optional.empty();
                    }
                }
                if (octets < 0 || messages < 0) {
                    return Optional.empty();
                }
            }
            return Optional.of(new MailboxQuota(octets, messages));
        }

        private static Optional<Long> amount(String value, long defaultUnit) {
            int digits = 0;
            while (digits < value.length() && Character.isDigit(value.charAt(digits))) {
                digits++;
            }
            if (digits == 0 || digits > 18) {
                return Optional.empty();
            }
            long number = Long.parseLong(value.substring(0, digits));
            String unit = value.substring(digits).toUpperCase(Locale.ROOT);
            long multiplier = switch (unit) {
                case "" -> defaultUnit;
                case "B" -> 1;
                case "K" -> 1L << 10;
                case "M" -> 1L << 20;
                case "G" -> 1L << 30;
                case "T" -> 1L << 40;
                default -> -1;
            };
            if (multiplier < 0) {
                return Optional.empty();
            }
            try {
                return Optional.of(Math.multiplyExact(number, multiplier));
            } catch (ArithmeticException e) {
                return Optional.empty();
            }
        }
    }
}
