package org.postbox.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.postbox.mailstore.MailboxAddress;

/**
 * Reads a new password: one line of standard input ({@code --password-stdin}, for scripts), or
 * typed twice without echo on the terminal.
 */
final class PasswordInput {
    /** Longer than any password a POP3 client sends; keeps a mistaken pipe from filling memory. */
    static final int MAX_OCTETS = 4096;

    private PasswordInput() {
    }

    /** @throws CommandFailure when no password was given */
    static String read(CommandContext context, boolean fromStdin, MailboxAddress address) {
        // What a usable password is (not empty, no NUL, CR or LF) is NewPassword's rule.
        return fromStdin ? fromStdin(context.stdin()) : fromTerminal(context.terminal(), address);
    }

    private static String fromStdin(InputStream in) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            // One more octet than allowed leaves room for a CR before the LF.
            while ((b = in.read()) != -1 && b != '\n' && line.size() <= MAX_OCTETS + 1) {
                line.write(b);
            }
            if (b == -1 && line.size() == 0) {
                throw new CommandFailure(ExitCodes.DATA, "no password on standard input");
            }
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.IO, "cannot read the password from standard input: " + e.getMessage(), e);
        }
        byte[] octets = line.toByteArray();
        int length = octets.length;
        if (length > 0 && octets[length - 1] == '\r') {
            length--;
        }
        if (length > MAX_OCTETS) {
            throw new CommandFailure(ExitCodes.DATA, "the password on standard input is longer than " + MAX_OCTETS + " octets");
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(octets, 0, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new CommandFailure(ExitCodes.DATA, "the password on standard input is not valid UTF-8");
        } finally {
            Arrays.fill(octets, (byte) 0);
        }
    }

    private static String fromTerminal(Optional<Terminal> terminal, MailboxAddress address) {
        Terminal tty = terminal.orElseThrow(() -> new CommandFailure(ExitCodes.USAGE,
                "no terminal to type the password on; pipe it in with --password-stdin"));
        char[] first = tty.readSecret("New password for " + address + ": ")
                .orElseThrow(() -> new CommandFailure(ExitCodes.DATA, "no password entered"));
        char[] second = tty.readSecret("Repeat the password: ")
                .orElseThrow(() -> new CommandFailure(ExitCodes.DATA, "no password entered"));
        try {
            if (!Arrays.equals(first, second)) {
                throw new CommandFailure(ExitCodes.DATA, "the passwords do not match");
            }
            return new String(first);
        } finally {
            Arrays.fill(first, '\0');
            Arrays.fill(second, '\0');
        }
    }
}
