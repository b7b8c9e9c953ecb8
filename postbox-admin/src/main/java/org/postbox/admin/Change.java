package org.postbox.admin;

import java.util.List;
import java.util.Objects;

/**
 * What an idempotent operation did: its {@link Outcome} and, for people and the audit log, each
 * thing it changed (never a password: a new one shows as {@code password}).
 */
public record Change(Outcome outcome, List<String> changes) {
    public Change {
        Objects.requireNonNull(outcome, "outcome");
        changes = List.copyOf(changes);
    }

    static Change unchanged() {
        return new Change(Outcome.UNCHANGED, List.of());
    }
}
