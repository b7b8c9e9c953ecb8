package org.postbox.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Refuses a key given twice in one mapping. YAML forbids it (1.2, section 3.2.1.1), yet a tree
 * reader keeps the last value silently, so the first {@code store:} section of a file would be
 * ignored without a word. Jackson's own strict duplicate detection names only the second line
 * and not the key's path, so this walks the tokens itself: the error names the key as the rest
 * of the configuration does ({@code listeners[1].port}) and both lines.
 */
final class DuplicateKeys {

    private DuplicateKeys() {
    }

    /**
     * @param yaml text that already parsed as YAML
     * @throws ConfigException naming the first key given twice, with its two lines
     */
    static void reject(String yaml) throws IOException {
        Deque<Scope> open = new ArrayDeque<>();
        try (JsonParser parser = new YAMLFactory().createParser(yaml)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                switch (token) {
                    case START_OBJECT -> open.push(new Scope(valuePath(open), false));
                    case START_ARRAY -> open.push(new Scope(valuePath(open), true));
                    case END_OBJECT, END_ARRAY -> {
                        open.pop();
                        valueDone(open);
                    }
                    case FIELD_NAME -> open.peek().key(parser.currentName(), parser.currentTokenLocation().getLineNr());
                    default -> valueDone(open);
                }
            }
        }
    }

    /** The path of the value that starts now: the document itself, a mapping's key, or a list's item. */
    private static String valuePath(Deque<Scope> open) {
        return open.isEmpty() ? "" : open.peek().childPath();
    }

    private static void valueDone(Deque<Scope> open) {
        if (!open.isEmpty()) {
            open.peek().valueDone();
        }
    }

    /** An open mapping or list, with what has been seen in it so far. */
    private static final class Scope {
        private final String path;
        private final boolean list;
        private final Map<String, Integer> keyLines = new HashMap<>();
        private int index;
        private String key;

        Scope(String path, boolean list) {
            this.path = path;
            this.list = list;
        }

        void key(String name, int line) {
            key = name;
            Integer first = keyLines.putIfAbsent(name, line);
            if (first != null) {
                // No file name: postboxd and postbox put it in front of every configuration error.
                throw new ConfigException(childPath(), "given twice, at lines " + first + " and " + line + "; keep one");
            }
        }

        String childPath() {
            if (list) {
                return path + "[" + index + "]";
            }
            return path.isEmpty() ? key : path + "." + key;
        }

        void valueDone() {
            if (list) {
                index++;
            }
        }
    }
}
