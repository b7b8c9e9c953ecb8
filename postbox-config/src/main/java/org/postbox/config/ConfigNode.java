package org.postbox.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One mapping of the YAML file, read key by key with the key's full path at hand for errors.
 * Every key that is read is remembered, so {@link #rejectUnknownKeys()} can name a typo such as
 * {@code limits.idle-timout} instead of silently ignoring it.
 */
final class ConfigNode {
    private final String path;
    private final JsonNode node;
    private final Set<String> known = new LinkedHashSet<>();

    ConfigNode(String path, JsonNode node) {
        this.path = path;
        this.node = node == null ? MissingNode.getInstance() : node;
        if (!this.node.isMissingNode() && !this.node.isNull() && !this.node.isObject()) {
            throw new ConfigException(path, "expected a mapping of keys to values");
        }
    }

    /** The dotted path of this mapping itself, e.g. {@code tls.certificates[0]}. */
    String path() {
        return path;
    }

    /** Whether the file has this mapping at all (an absent or empty key has none). */
    boolean present() {
        return !node.isMissingNode() && !node.isNull();
    }

    String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private Optional<JsonNode> value(String key) {
        known.add(key);
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    ConfigNode section(String key) {
        return new ConfigNode(keyPath(key), value(key).orElse(null));
    }

    String string(String key, String defaultValue) {
        return optionalString(key).orElse(defaultValue);
    }

    Optional<String> optionalString(String key) {
        return value(key).map(v -> {
            if (!v.isValueNode() || v.isBinary()) {
                throw new ConfigException(keyPath(key), "expected a single value, not a list or mapping");
            }
            return v.asText();
        });
    }

    int integer(String key, int defaultValue, int min, int max) {
        Optional<JsonNode> value = value(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        JsonNode v = value.get();
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new ConfigException(keyPath(key), "'" + v.asText() + "' is not a whole number; use one from "
                    + min + " to " + max);
        }
        int i = v.intValue();
        if (i < min || i > max) {
            throw new ConfigException(keyPath(key), i + " is out of range; use a number from " + min + " to " + max);
        }
        return i;
    }

    boolean bool(String key, boolean defaultValue) {
        Optional<JsonNode> value = value(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        if (!value.get().isBoolean()) {
            throw new ConfigException(keyPath(key), "'" + value.get().asText() + "' is not a boolean; use true or false");
        }
        return value.get().booleanValue();
    }

    Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        Optional<String> text = optionalString(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        Duration d = Durations.parse(keyPath(key), text.get());
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new ConfigException(keyPath(key), text.get() + " is out of range; use a duration from "
                    + Durations.format(min) + " to " + Durations.format(max));
        }
        return d;
    }

    List<String> strings(String key, List<String> defaultValue) {
        Optional<JsonNode> value = value(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        JsonNode v = value.get();
        if (v.isValueNode()) {
            return List.of(v.asText());
        }
        if (!v.isArray()) {
            throw new ConfigException(keyPath(key), "expected a list of values");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isValueNode()) {
                throw new ConfigException(keyPath(key) + "[" + i + "]", "expected a single value");
            }
            out.add(v.get(i).asText());
        }
        return List.copyOf(out);
    }

    <T> List<T> list(String key, Function<ConfigNode, T> element, List<T> defaultValue) {
        Optional<JsonNode> value = value(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        if (!value.get().isArray()) {
            throw new ConfigException(keyPath(key), "expected a list");
        }
        List<T> out = new ArrayList<>();
        int i = 0;
        for (JsonNode item : value.get()) {
            ConfigNode child = new ConfigNode(keyPath(key) + "[" + i++ + "]", item);
            out.add(element.apply(child));
            child.rejectUnknownKeys();
        }
        return List.copyOf(out);
    }

    /** The whole mapping as plain Java values, for sections owned by a plug-in (the store). */
    Map<String, Object> asMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            out.put(e.getKey(), plain(e.getValue()));
        }
        return out;
    }

    private static Object plain(JsonNode v) {
        if (v.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            v.fields().forEachRemaining(e -> m.put(e.getKey(), plain(e.getValue())));
            return m;
        }
        if (v.isArray()) {
            List<Object> l = new ArrayList<>();
            v.forEach(x -> l.add(plain(x)));
            return l;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToInt() ? (Object) v.intValue() : (Object) v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        return v.isNull() ? null : v.asText();
    }

    void rejectUnknownKeys() {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new ConfigException(keyPath(name), "unknown key; known keys here: " + String.join(", ", known));
            }
        }
    }
}
