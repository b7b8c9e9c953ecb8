package org.postbox.cli;

import org.postbox.admin.AdminException;
import org.postbox.admin.NewPassword;
import org.postbox.mailstore.MailboxAddress;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * How {@code mailbox add} and {@code mailbox passwd} take a new password: from the terminal or
 * {@code --password-stdin}, stored in the {@code --scheme} chosen.
 */
final class NewPasswordOptions {
    static final String DEFAULT = NewPassword.DEFAULT_SCHEME;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    private boolean passwordStdin;

    @Option(names = "--scheme", paramLabel = "SCHEME", converter = SchemeName.class, description = {
        "How the password is stored: ARGON2ID (the default), SCRAM-SHA-256 or CRAM-MD5; any case. Every scheme "
                + "checks passwords sent with USER/PASS, AUTH PLAIN and AUTH LOGIN.",
        "ARGON2ID: a deliberately slow hash; the safest choice when clients send the password itself.",
        "SCRAM-SHA-256: also lets clients log in with the SCRAM-SHA-256 SASL mechanism, which never sends the "
                + "password and proves the server too.",
        "CRAM-MD5: only for clients that can do nothing but the CRAM-MD5 SASL mechanism. It stores a "
                + "password-equivalent: whoever reads the stored value can log in with CRAM-MD5 without knowing "
                + "the password."})
    private String scheme = DEFAULT;

    /** Reads the new password (typed twice on a terminal), to be stored in the chosen scheme. */
    NewPassword read(CommandContext context, MailboxAddress mailbox) {
        return NewPassword.plain(PasswordInput.read(context, passwordStdin, mailbox), scheme);
    }

    /** The scheme's canonical name, whatever case it was typed in; anything else is a usage error. */
    static final class SchemeName implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                return NewPassword.scheme(value);
            } catch (AdminException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
