package org.postbox.mailstore.maildir;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.postbox.mailstore.StoreConfigException;

/**
 * The {@code store:} section for {@code type: maildir}, validated.
 *
 * <pre>
 * store:
 *   type: maildir
 *   path: /var/lib/postbox/mail      # required; relative paths are resolved against the base directory
 *   passwd-file: /etc/postbox/passwd # default: &lt;path&gt;/passwd
 *   fsync: true                      # default: true; false trades durability after a power loss for speed
 * </pre>
 *
 * @param root       the Maildir tree, {@code <root>/<domain>/<local>/Maildir}
 * @param passwdFile the Dovecot-style passwd-file holding every mailbox of the installation; the
 *                   mailboxes' app passwords, the aliases and the admin API tokens live beside it, in
 *                   {@code <passwd-file>.app-passwords}, {@code .aliases} and {@code .admin-tokens}
 * @param fsync      whether files and directories are forced to disk before a delivery or deletion is reported
 */
public record MaildirSettings(Path root, Path passwdFile, boolean fsync) {

    static final String TYPE = "maildir";

    private static final String PREFIX = "store.";
    private static final List<String> KEYS = List.of("type", "path", "passwd-file", "fsync");

    public MaildirSettings {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(passwdFile, "passwdFile");
    }

    /**
     * Validates the settings. Every problem is reported as a {@link StoreConfigException} naming the
     * key ({@code store.path}, ...) and what is allowed.
     */
    public static MaildirSettings parse(Map<String, Object> settings, Path baseDir) {
        Map<String, Object> values = settings == null ? Map.of() : settings;
        for (String key : values.keySet()) {
            if (!KEYS.contains(key)) {
                throw new StoreConfigException(PREFIX + key,
                        "unknown setting for the maildir store; allowed keys: " + String.join(", ", KEYS));
            }
        }
        Object type = values.get("type");
        if (type != null && !TYPE.equals(type)) {
            throw new StoreConfigException(PREFIX + "type", "must be '" + TYPE + "' for the maildir store, got '" + type + "'");
        }
        Path root = path(values, "path", baseDir);
        if (root == null) {
            throw new StoreConfigException(PREFIX + "path",
                    "required: the directory holding the mail tree (<path>/<domain>/<local>/Maildir)");
        }
        Path passwd = path(values, "passwd-file", baseDir);
        return new MaildirSettings(root, passwd == null ? root.resolve("passwd") : passwd, flag(values, "fsync", true));
    }

    private static Path path(Map<String, Object> values, String key, Path baseDir) {
        Object value = values.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text) || text.isBlank()) {
            throw new StoreConfigException(PREFIX + key, "must be a non-empty file system path, got '" + value + "'");
        }
        try {
            return baseDir.resolve(text.strip()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new StoreConfigException(PREFIX + key, "'" + text + "' is not a valid path: " + e.getReason());
        }
    }

    private static boolean flag(Map<String, Object> values, String key, boolean defaultValue) {
        Object value = values.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        // Settings may also come from flat sources (system properties, environment) as text.
        if (value instanceof String text) {
            switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    break;
            }
        }
        throw new StoreConfigException(PREFIX + key, "must be true or false, got '" + value + "'");
    }
}
