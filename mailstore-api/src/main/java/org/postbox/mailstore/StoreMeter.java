package org.postbox.mailstore;

import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * A figure a store publishes about resources of its own, such as a database connection pool, for
 * the daemon's metrics ({@link MailStore#meters()}). The daemon reads the suppliers each time
 * metrics are collected, from any thread, so they must be cheap and thread-safe and must not block.
 *
 * <p>Names are lower-case words joined by dots ({@code hikaricp.connections.active}); an exporter
 * spells them its own way (Prometheus: {@code hikaricp_connections_active}, counters with
 * {@code _total}, timers as {@code _seconds_count} and {@code _seconds_sum}). Tags must have a
 * small, fixed set of values: never a user, an address or a message.
 */
public sealed interface StoreMeter {

    String name();

    /** One sentence for people reading the metrics. */
    String description();

    Map<String, String> tags();

    /** A value that goes up and down, e.g. connections in use. */
    record Gauge(String name, String description, Map<String, String> tags, DoubleSupplier value) implements StoreMeter {
        public Gauge {
            Checks.common(name, description, tags);
            tags = Map.copyOf(tags);
            Objects.requireNonNull(value, "value");
        }
    }

    /** A running total that only grows while the store is open, e.g. connection timeouts. */
    record Counter(String name, String description, Map<String, String> tags, DoubleSupplier total) implements StoreMeter {
        public Counter {
            Checks.common(name, description, tags);
            tags = Map.copyOf(tags);
            Objects.requireNonNull(total, "total");
        }
    }

    /** Events and the time they took together, both running totals, e.g. waits for a connection. */
    record Timer(String name, String description, Map<String, String> tags, LongSupplier count,
            DoubleSupplier totalSeconds) implements StoreMeter {
        public Timer {
            Checks.common(name, description, tags);
            tags = Map.copyOf(tags);
            Objects.requireNonNull(count, "count");
            Objects.requireNonNull(totalSeconds, "totalSeconds");
        }
    }

    /** Shared by the records' constructors. */
    final class Checks {
        private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(\\.[a-z][a-z0-9]*)*");
        private static final Pattern TAG = Pattern.compile("[a-z][a-z0-9_]*");

        private Checks() {
        }

        static void common(String name, String description, Map<String, String> tags) {
            Objects.requireNonNull(name, "name");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("a meter name is lower-case words joined by dots, got '" + name + "'");
            }
            if (description == null || description.isBlank()) {
                throw new IllegalArgumentException("meter " + name + " needs a description");
            }
            Objects.requireNonNull(tags, "tags");
            tags.forEach((key, value) -> {
                if (!TAG.matcher(key).matches() || value == null) {
                    throw new IllegalArgumentException("meter " + name + ": bad tag " + key + "=" + value);
                }
            });
        }
    }
}
