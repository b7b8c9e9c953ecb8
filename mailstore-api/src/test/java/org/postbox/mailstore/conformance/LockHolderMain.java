package org.postbox.mailstore.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailStoreProvider;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.Maildrop;
import org.postbox.mailstore.MaildropLockedException;

/**
 * A second process holding a maildrop lock, run by {@link LockHolderProcess}.
 *
 * <p>Arguments: store type, base directory, a file with the serialized settings map, mailbox
 * address. Opens the store through its provider and the maildrop, then reports on stdout:
 * {@code LOCKED} once it holds the lock, or {@code IN-USE} if another session holds it. While
 * holding it, it reads stdin: {@code HALT} ends the JVM at once without any cleanup (a crash);
 * end of input closes the maildrop normally and reports {@code RELEASED}. Failures are reported
 * as {@code ERROR <text>}.
 */
public final class LockHolderMain {

    static final String LOCKED = "LOCKED";
    static final String IN_USE = "IN-USE";
    static final String RELEASED = "RELEASED";
    static final String ERROR = "ERROR";
    static final String HALT = "HALT";

    static final int EXIT_RELEASED = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_IN_USE = 2;
    static final int EXIT_HALTED = 3;

    private LockHolderMain() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        int exit;
        try {
            exit = run(args, out);
        } catch (RuntimeException | IOException | ClassNotFoundException e) {
            out.println(ERROR + " " + e);
            e.printStackTrace();
            exit = EXIT_FAILED;
        }
        out.flush();
        System.exit(exit);
    }

    private static int run(String[] args, PrintStream out) throws IOException, ClassNotFoundException {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: LockHolderMain <type> <baseDir> <settingsFile> <address>");
        }
        Map<String, Object> settings = readSettings(Path.of(args[2]));
        try (MailStore store = MailStoreProvider.forType(args[0]).open(settings, Path.of(args[1]))) {
            Maildrop maildrop;
            try {
                maildrop = store.open(MailboxAddress.parse(args[3]));
            } catch (MaildropLockedException e) {
                out.println(IN_USE);
                return EXIT_IN_USE;
            }
            out.println(LOCKED);
            out.flush();
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            String command;
            while ((command = commands.readLine()) != null) {
                if (command.equals(HALT)) {
                    Runtime.getRuntime().halt(EXIT_HALTED);
                }
            }
            maildrop.close();
            out.println(RELEASED);
            return EXIT_RELEASED;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readSettings(Path file) throws IOException, ClassNotFoundException {
        try (InputStream in = Files.newInputStream(file); ObjectInputStream objects = new ObjectInputStream(in)) {
            // Only plain JDK values (text, numbers, booleans, collections) are expected.
            objects.setObjectInputFilter(ObjectInputFilter.Config.createFilter("java.base/*;!*"));
            return (Map<String, Object>) objects.readObject();
        }
    }
}
