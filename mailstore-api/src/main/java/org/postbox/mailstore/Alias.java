package org.postbox.mailstore;

import java.util.List;
import java.util.Objects;

/**
 * An alias: mail to {@code name} is delivered to each of {@code targets}, mailboxes of the
 * installation (of any domain). Targets are mailboxes only, never other aliases, so that no
 * delivery can loop and each alias resolves in one step.
 *
 * @param targets at least one, no duplicates, in the order given
 */
public record Alias(AliasName name, List<MailboxAddress> targets) {
    public Alias {
        Objects.requireNonNull(name, "name");
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("alias " + name + " needs at least one target mailbox");
        }
        if (targets.stream().distinct().count() != targets.size()) {
            throw new IllegalArgumentException("alias " + name + " names a target mailbox twice");
        }
    }
}
