package org.postbox.migration.dovecot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A Dovecot mail location ({@code mail_location}, a userdb's {@code mail} field, or the
 * {@code --mail-location} of an import): {@code [maildir:]<path>[:<KEY>=<value>...]}, where
 * {@code ::} stands for a colon in a value, {@code ~/} at the start of a path is the home
 * directory, and the path and values are {@link VariableTemplate}s with the variables of a
 * {@link MailUser}. What it resolves to is where an INBOX's messages and its
 * {@code dovecot-uidlist} are, as Dovecot 2.3 finds them (see {@link #resolve}).
 *
 * <p>Only Maildir can be imported: a location naming another format (mbox, sdbox, mdbox, ...) is
 * refused; one naming none is taken as Maildir, as Dovecot's autodetection would find it for an
 * existing Maildir. A relative path, which Dovecot would not accept but an import's
 * {@code --mail-location %d/%n/Maildir} uses, is taken under the mail root.
 */
public final class MailLocation {

    public static final VariableTemplate.Variable USER = new VariableTemplate.Variable('u', "user");
    public static final VariableTemplate.Variable USERNAME = new VariableTemplate.Variable('n', "username");
    public static final VariableTemplate.Variable DOMAIN = new VariableTemplate.Variable('d', "domain");
    public static final VariableTemplate.Variable HOME = new VariableTemplate.Variable('h', "home");
    public static final VariableTemplate.Variable UID = new VariableTemplate.Variable('i', "uid");
    public static final VariableTemplate.Variable GID = new VariableTemplate.Variable('\0', "gid");
    private static final List<VariableTemplate.Variable> VARIABLES = List.of(USER, USERNAME, DOMAIN, HOME, UID, GID);

    /** Dovecot's mailbox formats; only the first is imported. */
    private static final Set<String> FORMATS = Set.of("maildir", "mbox", "sdbox", "dbox", "mdbox", "imapc", "pop3c",
            "cydir", "mbx", "mh", "shared", "virtual", "raw", "fail", "obox");

    private static final Set<String> RESOLVING_PARAMETERS = Set.of("INBOX", "CONTROL", "LAYOUT");

    private final String text;
    private final VariableTemplate path;
    private final Map<String, VariableTemplate> parameters;

    private MailLocation(String text, VariableTemplate path, Map<String, VariableTemplate> parameters) {
        this.text = text;
        this.path = path;
        this.parameters = parameters;
    }

    /**
     * Parses a mail location.
     *
     * @throws IllegalArgumentException when it names a format other than Maildir, has no path, or
     *                                  uses a variable or syntax that is not understood
     */
    public static MailLocation parse(String location) {
        Objects.requireNonNull(location, "location");
        List<String> fields = split(location);
        String first = fields.get(0);
        if (fields.size() > 1 && FORMATS.contains(first.toLowerCase(Locale.ROOT))) {
            if (!first.equalsIgnoreCase("maildir")) {
                throw new IllegalArgumentException("mail location '" + location + "' is in " + first
                        + " format; only Maildir can be imported");
            }
            fields = fields.subList(1, fields.size());
        } else if (fields.size() == 1 && FORMATS.contains(first.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("mail location '" + location + "' names a format but no path");
        }
        if (fields.get(0).isEmpty()) {
            throw new IllegalArgumentException("mail location '" + location + "' has no path");
        }
        VariableTemplate path = VariableTemplate.parse(fields.get(0), VARIABLES);
        Map<String, VariableTemplate> parameters = new LinkedHashMap<>();
        for (String field : fields.subList(1, fields.size())) {
            int equals = field.indexOf('=');
            String key = (equals < 0 ? field : field.substring(0, equals)).toUpperCase(Locale.ROOT);
            // Only the parameters that say where the INBOX and its uidlist are matter here; the
            // others (INDEX, VOLATILEDIR, ...) may use variables this reader does not know.
            if (RESOLVING_PARAMETERS.contains(key)) {
                parameters.put(key, VariableTemplate.parse(equals < 0 ? "" : field.substring(equals + 1), VARIABLES));
            }
        }
        return new MailLocation(location, path, Map.copyOf(parameters));
    }

    /**
     * Where the INBOX of {@code user} is: its Maildir (the path, or the {@code INBOX=} value when
     * there is one) and the directory of its {@code dovecot-uidlist}, which is the Maildir unless
     * {@code CONTROL=} is given; then it is {@code <CONTROL>/.INBOX}, or {@code <CONTROL>/INBOX}
     * with {@code LAYOUT=fs}.
     *
     * @param mailRoot where relative paths are taken from; empty to refuse them
     * @throws IllegalArgumentException when a path needs a home directory the user has none of, or
     *                                  is relative without a mail root
     */
    public MaildirLocation resolve(MailUser user, Optional<Path> mailRoot) {
        Path maildir = directory(parameters.getOrDefault("INBOX", path), user, mailRoot);
        Path control = maildir;
        VariableTemplate controlTemplate = parameters.get("CONTROL");
        if (controlTemplate != null) {
            String layout = parameters.containsKey("LAYOUT") ? expand(parameters.get("LAYOUT"), user) : "maildir++";
            Path controlRoot = directory(controlTemplate, user, mailRoot);
            control = controlRoot.resolve(layout.equalsIgnoreCase("fs") ? "INBOX" : ".INBOX");
        }
        return new MaildirLocation(maildir, control);
    }

    /** The location as written. */
    @Override
    public String toString() {
        return text;
    }

    private Path directory(VariableTemplate template, MailUser user, Optional<Path> mailRoot) {
        String expanded = expand(template, user);
        if (expanded.equals("~") || expanded.startsWith("~/")) {
            String home = user.home().filter(h -> !h.isEmpty()).orElseThrow(() -> new IllegalArgumentException(
                    "mail location '" + text + "' starts with ~ but " + user.user() + " has no home directory"));
            expanded = home + expanded.substring(1);
        }
        Path directory = Path.of(expanded);
        if (!directory.isAbsolute()) {
            Path root = mailRoot.orElseThrow(() -> new IllegalArgumentException("mail location '" + text
                    + "' gives the relative path " + directory + " for " + user.user() + " and there is no mail root"));
            Path resolved = root.resolve(directory).normalize();
            if (!resolved.startsWith(root.normalize())) {
                throw new IllegalArgumentException("mail location '" + text + "' leads " + user.user()
                        + " out of the mail root, to " + resolved);
            }
            return resolved;
        }
        return directory.normalize();
    }

    private static String expand(VariableTemplate template, MailUser user) {
        try {
            return template.expand(variable -> value(variable, user));
        } catch (IOException e) {
            throw new IllegalStateException("mail location values are never read from files", e);
        }
    }

    private static String value(VariableTemplate.Variable variable, MailUser user) {
        if (variable.equals(USER)) {
            return user.user();
        } else if (variable.equals(USERNAME)) {
            return user.username();
        } else if (variable.equals(DOMAIN)) {
            return user.domain();
        } else if (variable.equals(HOME)) {
            return user.home().orElseThrow(() -> new IllegalArgumentException(user.user() + " has no home directory for %h"));
        } else if (variable.equals(UID)) {
            return user.uid().orElseThrow(() -> new IllegalArgumentException(user.user() + " has no UNIX uid for %i"));
        } else {
            return user.gid().orElseThrow(() -> new IllegalArgumentException(user.user() + " has no UNIX gid for %{gid}"));
        }
    }

    /** The fields between colons, with {@code ::} read as a colon. */
    private static List<String> split(String location) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < location.length(); i++) {
            char c = location.charAt(i);
            if (c != ':') {
                field.append(c);
            } else if (i + 1 < location.length() && location.charAt(i + 1) == ':') {
                field.append(':');
                i++;
            } else {
                fields.add(field.toString());
                field.setLength(0);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
