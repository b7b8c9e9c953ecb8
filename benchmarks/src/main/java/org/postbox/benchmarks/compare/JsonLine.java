package org.postbox.benchmarks.compare;

import java.util.Locale;

/** One flat JSON object on one line, for the results file. */
final class JsonLine {

    private final StringBuilder text = new StringBuilder("{");

    JsonLine put(String key, String value) {
        separate(key);
        text.append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        return this;
    }

    JsonLine put(String key, long value) {
        separate(key);
        text.append(value);
        return this;
    }

    JsonLine put(String key, double value) {
        separate(key);
        text.append(Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "null");
        return this;
    }

    @Override
    public String toString() {
        return text + "}";
    }

    private void separate(String key) {
        if (text.length() > 1) {
            text.append(',');
        }
        text.append('"').append(key).append("\":");
    }
}
