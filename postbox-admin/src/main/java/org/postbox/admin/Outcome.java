package org.postbox.admin;

/** What an idempotent operation did to one thing: made it, changed it, or found it as asked. */
public enum Outcome {
    CREATED,
    CHANGED,
    UNCHANGED;

    /** {@code created}, {@code changed} or {@code unchanged}, as reports print it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
