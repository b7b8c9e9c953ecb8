package org.postbox.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/** Benchmark arguments written as {@code key=value}, in any order. */
public final class KeyValueArguments {

    private KeyValueArguments() {
    }

    public static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("arguments are key=value, got " + arg);
            }
            options.put(arg.substring(0, equals), arg.substring(equals + 1));
        }
        return options;
    }
}
