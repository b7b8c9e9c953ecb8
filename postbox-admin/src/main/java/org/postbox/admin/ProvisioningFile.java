package org.postbox.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.postbox.admin.ProvisioningPlan.AliasItem;
import org.postbox.admin.ProvisioningPlan.DomainItem;
import org.postbox.admin.ProvisioningPlan.MailboxItem;
import org.postbox.mailstore.AliasName;
import org.postbox.mailstore.DomainName;
import org.postbox.mailstore.MailboxAddress;

/**
 * Reads a provisioning file into a {@link ProvisioningPlan}, in one of two forms (the file's
 * name decides: {@code .json}, else CSV). Every value is checked here; a bad one fails the whole
 * file with {@code file:line: what is wrong}.
 *
 * <p>JSON: <pre>{@code
 * {"domains":   [{"name": "example.com", "suspended": false, "pop3": true,
 *                 "quota": {"storage": "10G", "mailboxes": 100}}],
 *  "mailboxes": [{"address": "alice@example.com", "passwordHash": "{ARGON2ID}$argon2id$...",
 *                 "suspended": false, "pop3": true, "quota": {"storage": "1G", "messages": 0}}],
 *  "aliases":   [{"alias": "sales@example.com", "targets": ["alice@example.com"]},
 *                {"alias": "@example.com", "targets": ["alice@example.com"]}]}
 * }</pre>
 *
 * <p>CSV (RFC 4180; {@code #} starts a comment line): a header line naming the columns, of which
 * {@code kind} and {@code name} are required, then one line per item. <pre>{@code
 * kind,name,password-hash,targets,storage,messages,mailboxes,suspended,pop3
 * domain,example.com,,,10G,,100,,
 * mailbox,alice@example.com,"{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$...",,1G,,,no,yes
 * alias,sales@example.com,,alice@example.com bob@example.com,,,,,
 * }</pre>
 * Hashes holding commas must be quoted; targets are separated by spaces. An empty cell or a
 * missing key leaves that setting as it is (a new item starts active, with POP3 and unlimited).
 */
public final class ProvisioningFile {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> CSV_COLUMNS = List.of("kind", "name", "password-hash", "targets", "storage",
            "messages", "mailboxes", "suspended", "pop3");

    private final String origin;
    private final List<DomainItem> domains = new ArrayList<>();
    private final List<MailboxItem> mailboxes = new ArrayList<>();
    private final List<AliasItem> aliases = new ArrayList<>();

    private ProvisioningFile(String origin) {
        this.origin = origin;
    }

    /**
     * @throws AdminException of kind {@link ErrorKind#INVALID} for a bad item or an unreadable file
     *                        ({@link ErrorKind#NOT_FOUND} when it does not exist)
     */
    public static ProvisioningPlan read(Path file) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw new AdminException(ErrorKind.NOT_FOUND, file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new AdminException(ErrorKind.INVALID, file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new AdminException(ErrorKind.INVALID, file + ": cannot be read: " + e.getMessage());
        }
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        return parse(file.toString(), text, json);
    }

    /** Reads {@code text}, named {@code origin} in messages, as JSON or CSV. */
    public static ProvisioningPlan parse(String origin, String text, boolean json) {
        ProvisioningFile file = new ProvisioningFile(origin);
        // A byte order mark, as spreadsheet programs write, is not part of the first line.
        String content = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (json) {
            file.readJson(content);
        } else {
            file.readCsv(content);
        }
        return new ProvisioningPlan(file.domains, file.mailboxes, file.aliases);
    }

    // JSON

    private void readJson(String text) {
        try (JsonParser parser = MAPPER.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw invalid(parser.currentTokenLocation().getLineNr(),
                        "expected an object with \"domains\", \"mailboxes\" and \"aliases\" arrays");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String section = parser.currentName();
                int sectionLine = parser.currentTokenLocation().getLineNr();
                if (!Set.of("domains", "mailboxes", "aliases").contains(section)) {
                    throw invalid(sectionLine, "unknown section \"" + section + "\"; use domains, mailboxes, aliases");
                }
                if (parser.nextToken() != JsonToken.START_ARRAY) {
                    throw invalid(sectionLine, "\"" + section + "\" must be an array");
                }
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    int line = parser.currentTokenLocation().getLineNr();
                    JsonNode node = MAPPER.readTree(parser);
                    if (!node.isObject()) {
                        throw invalid(line, "each item of \"" + section + "\" must be an object");
                    }
                    item(line, () -> jsonItem(section, where(line), node));
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw invalid(parser.currentTokenLocation().getLineNr(), "unexpected content after the sections");
            }
        } catch (JsonProcessingException e) {
            throw invalid(e.getLocation() == null ? 1 : e.getLocation().getLineNr(), "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void jsonItem(String section, String where, JsonNode node) {
        switch (section) {
            case "domains" -> {
                allowOnly(node, "name", "suspended", "pop3", "quota");
                JsonNode quota = node.path("quota");
                allowOnly(quota, "storage", "mailboxes");
                domains.add(new DomainItem(where, DomainName.normalise(text(node, "name", true).orElseThrow()),
                        new DomainSettings(bool(node, "suspended"), bool(node, "pop3"),
                                new DomainQuotaChange(size(quota, "storage"), count(quota, "mailboxes").map(Math::toIntExact)))));
            }
            case "mailboxes" -> {
                allowOnly(node, "address", "passwordHash", "suspended", "pop3", "quota");
                JsonNode quota = node.path("quota");
                allowOnly(quota, "storage", "messages");
                mailboxes.add(new MailboxItem(where, MailboxAddress.parse(text(node, "address", true).orElseThrow()),
                        new MailboxSettings(text(node, "passwordHash", false).map(NewPassword::hashed),
                                bool(node, "suspended"), bool(node, "pop3"),
                                new MailboxQuotaChange(size(quota, "storage"), count(quota, "messages")))));
            }
            default -> {
                allowOnly(node, "alias", "targets");
                JsonNode targets = node.path("targets");
                if (!targets.isArray()) {
                    throw new AdminException(ErrorKind.INVALID, "\"targets\" must be an array of mailbox addresses");
                }
                List<MailboxAddress> addresses = new ArrayList<>();
                for (JsonNode target : targets) {
                    if (!target.isTextual()) {
                        throw new AdminException(ErrorKind.INVALID, "\"targets\" must be an array of mailbox addresses");
                    }
                    addresses.add(MailboxAddress.parse(target.asText()));
                }
                aliases.add(alias(where, text(node, "alias", true).orElseThrow(), addresses));
            }
        }
    }

    private static void allowOnly(JsonNode node, String... keys) {
        if (node.isMissingNode()) {
            return;
        }
        if (!node.isObject()) {
            throw new AdminException(ErrorKind.INVALID, "expected an object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!List.of(keys).contains(name)) {
                throw new AdminException(ErrorKind.INVALID, "unknown key \"" + name + "\"; use " + String.join(", ", keys));
            }
        }
    }

    private static Optional<String> text(JsonNode node, String key, boolean required) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            if (required) {
                throw new AdminException(ErrorKind.INVALID, "\"" + key + "\" is missing");
            }
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new AdminException(ErrorKind.INVALID, "\"" + key + "\" must be a string");
        }
        return Optional.of(value.asText());
    }

    private static Optional<Boolean> bool(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw new AdminException(ErrorKind.INVALID, "\"" + key + "\" must be true or false");
        }
        return Optional.of(value.asBoolean());
    }

    private static Optional<Long> size(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isTextual()) {
            return Optional.of(Octets.parse(value.asText()));
        }
        return count(node, key);
    }

    private static Optional<Long> count(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw new AdminException(ErrorKind.INVALID, "\"" + key + "\" must be a whole number from 0 (unlimited) up");
        }
        if (key.equals("mailboxes") && value.asLong() > Integer.MAX_VALUE) {
            throw new AdminException(ErrorKind.INVALID, "\"mailboxes\" is too large");
        }
        return Optional.of(value.asLong());
    }

    // CSV

    private void readCsv(String text) {
        LineNumbers lines = new LineNumbers(text);
        CSVFormat format = CSVFormat.RFC4180.builder().setCommentMarker('#').setIgnoreEmptyLines(true)
                .setIgnoreSurroundingSpaces(true).get();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            Map<String, Integer> columns = null;
            for (Iterator<CSVRecord> records = parser.iterator(); ; ) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException e) {
                    throw invalid(lines.of(text.length()), "not valid CSV: " + e.getCause().getMessage());
                }
                int line = lines.of(record.getCharacterPosition());
                if (columns == null) {
                    columns = header(line, record);
                    continue;
                }
                Map<String, Integer> header = columns;
                item(line, () -> csvItem(where(line), header, record));
            }
            if (columns == null) {
                throw invalid(1, "no header line; begin with: " + String.join(",", CSV_COLUMNS));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Integer> header(int line, CSVRecord record) {
        Map<String, Integer> columns = new java.util.HashMap<>();
        for (int i = 0; i < record.size(); i++) {
            String name = record.get(i).strip().toLowerCase(Locale.ROOT);
            if (!CSV_COLUMNS.contains(name)) {
                throw invalid(line, "unknown column '" + record.get(i) + "' in the header; the columns are "
                        + String.join(",", CSV_COLUMNS));
            }
            if (columns.put(name, i) != null) {
                throw invalid(line, "column '" + name + "' is named twice in the header");
            }
        }
        if (!columns.containsKey("kind") || !columns.containsKey("name")) {
            throw invalid(line, "the header needs the columns kind and name, e.g. " + String.join(",", CSV_COLUMNS));
        }
        return columns;
    }

    private void csvItem(String where, Map<String, Integer> columns, CSVRecord record) {
        if (record.size() > columns.size()) {
            throw new AdminException(ErrorKind.INVALID, record.size() + " cells, but the header names " + columns.size()
                    + " columns");
        }
        CsvCells cells = new CsvCells(columns, record);
        String kind = cells.get("kind").orElse("").toLowerCase(Locale.ROOT);
        String name = cells.get("name").orElseThrow(() -> new AdminException(ErrorKind.INVALID, "the name is missing"));
        switch (kind) {
            case "domain" -> {
                cells.refuse("password-hash", "targets", "messages");
                domains.add(new DomainItem(where, DomainName.normalise(name),
                        new DomainSettings(cells.bool("suspended"), cells.bool("pop3"), new DomainQuotaChange(
                                cells.get("storage").map(Octets::parse),
                                cells.count("mailboxes").map(Math::toIntExact)))));
            }
            case "mailbox" -> {
                cells.refuse("targets", "mailboxes");
                mailboxes.add(new MailboxItem(where, MailboxAddress.parse(name), new MailboxSettings(
                        cells.get("password-hash").map(NewPassword::hashed), cells.bool("suspended"), cells.bool("pop3"),
                        new MailboxQuotaChange(cells.get("storage").map(Octets::parse), cells.count("messages")))));
            }
            case "alias" -> {
                cells.refuse("password-hash", "storage", "messages", "mailboxes", "suspended", "pop3");
                List<MailboxAddress> targets = new ArrayList<>();
                for (String target : cells.get("targets").orElse("").split("\\s+")) {
                    if (!target.isEmpty()) {
                        targets.add(MailboxAddress.parse(target));
                    }
                }
                aliases.add(alias(where, name, targets));
            }
            default -> throw new AdminException(ErrorKind.INVALID, "unknown kind '" + cells.get("kind").orElse("")
                    + "'; use domain, mailbox or alias");
        }
    }

    /** The cells of one CSV line by column name; an empty cell is no value. */
    private record CsvCells(Map<String, Integer> columns, CSVRecord record) {
        Optional<String> get(String column) {
            Integer index = columns.get(column);
            if (index == null || index >= record.size()) {
                return Optional.empty();
            }
            String value = record.get(index).strip();
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        }

        void refuse(String... notForThisKind) {
            for (String column : notForThisKind) {
                if (get(column).isPresent()) {
                    throw new AdminException(ErrorKind.INVALID, "a " + get("kind").orElse("").toLowerCase(Locale.ROOT)
                            + " has no " + column);
                }
            }
        }

        Optional<Boolean> bool(String column) {
            return get(column).map(value -> switch (value.toLowerCase(Locale.ROOT)) {
                case "yes", "true", "on" -> true;
                case "no", "false", "off" -> false;
                default -> throw new AdminException(ErrorKind.INVALID, column + " is yes or no, not '" + value + "'");
            });
        }

        Optional<Long> count(String column) {
            return get(column).map(value -> {
                try {
                    long count = Long.parseLong(value);
                    if (count < 0 || (column.equals("mailboxes") && count > Integer.MAX_VALUE)) {
                        throw new NumberFormatException();
                    }
                    return count;
                } catch (NumberFormatException e) {
                    throw new AdminException(ErrorKind.INVALID, column + " is a whole number from 0 (unlimited) up, not '"
                            + value + "'");
                }
            });
        }
    }

    /** Line numbers of character positions, for records that may span lines (quoted line breaks). */
    private static final class LineNumbers {
        private final int[] starts;

        LineNumbers(String text) {
            List<Integer> found = new ArrayList<>(List.of(0));
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    found.add(i + 1);
                }
            }
            starts = found.stream().mapToInt(Integer::intValue).toArray();
        }

        int of(long position) {
            int index = java.util.Arrays.binarySearch(starts, (int) Math.min(position, Integer.MAX_VALUE));
            return (index >= 0 ? index : -index - 2) + 1;
        }
    }

    // both

    private static AliasItem alias(String where, String name, List<MailboxAddress> targets) {
        if (targets.isEmpty()) {
            throw new AdminException(ErrorKind.INVALID, "alias " + name + " needs at least one target mailbox");
        }
        AliasName alias = AliasName.parse(name);
        // The SPI's own rules (no target twice) fail here, at the item's line, not half-way through applying.
        new org.postbox.mailstore.Alias(alias, targets);
        return new AliasItem(where, alias, targets);
    }

    /** Reads one item; any value it refuses becomes {@code file:line: why}. */
    private void item(int line, Runnable read) {
        try {
            read.run();
        } catch (AdminException | IllegalArgumentException | ArithmeticException e) {
            throw invalid(line, e.getMessage());
        }
    }

    private String where(int line) {
        return origin + ":" + line;
    }

    private AdminException invalid(int line, String message) {
        return new AdminException(ErrorKind.INVALID, where(line) + ": " + message);
    }
}
