package org.postbox.mailstore.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import org.postbox.mailstore.DeliveryOutcome;
import org.postbox.mailstore.Directory;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.StoreException;

/**
 * The alias rules of {@link MailStore#deliver} and {@link Directory#deliveryRefusal}, the same
 * for every backend: the recipients of one delivery become the distinct mailboxes to store into,
 * each once however many recipients (a mailbox, aliases, a catch-all) lead to it; afterwards each
 * recipient's outcome is made from its mailboxes' outcomes: delivered when every one stored the
 * message, else the first failure, and {@link DeliveryOutcome.NoSuchMailbox} when it resolves to
 * no mailbox at all.
 *
 * <pre>{@code
 * RecipientExpansion expansion = RecipientExpansion.of(recipients, directory::resolve);
 * List<DeliveryOutcome> stored = storeOnceEach(expansion.mailboxes());   // the backend's own work
 * return expansion.outcomes(stored);                                      // one per recipient
 * }</pre>
 */
public final class RecipientExpansion {

    /** The reason given for a recipient whose resolution failed with a store error. */
    public static final String UNRESOLVED = "cannot look the recipient up now";

    private final List<Resolution> resolutions;
    private final List<MailboxAddress> mailboxes;

    private RecipientExpansion(List<Resolution> resolutions, List<MailboxAddress> mailboxes) {
        this.resolutions = resolutions;
        this.mailboxes = mailboxes;
    }

    /** A recipient's target mailboxes (indexes into {@link #mailboxes}), or the store error that left it unresolved. */
    private record Resolution(List<Integer> targets, Optional<StoreException> failure) {
    }

    /**
     * Resolves every recipient once with {@code resolver} (normally {@link Directory#resolve}). A
     * {@link StoreException} from the resolver fails that recipient only, temporarily, as
     * {@code deliver} must not throw for one recipient's failure; the backend may log it from
     * {@link #failures()}.
     */
    public static RecipientExpansion of(List<MailboxAddress> recipients,
                                        Function<MailboxAddress, List<MailboxAddress>> resolver) {
        Objects.requireNonNull(recipients, "recipients");
        Objects.requireNonNull(resolver, "resolver");
        Map<MailboxAddress, Integer> index = new LinkedHashMap<>();
        Map<MailboxAddress, Resolution> resolved = new LinkedHashMap<>();
        List<Resolution> resolutions = new ArrayList<>(recipients.size());
        for (MailboxAddress recipient : recipients) {
            Resolution resolution = resolved.get(recipient);
            if (resolution == null) {
                resolution = resolve(recipient, resolver, index);
                resolved.put(recipient, resolution);
            }
            resolutions.add(resolution);
        }
        return new RecipientExpansion(List.copyOf(resolutions), List.copyOf(index.keySet()));
    }

    private static Resolution resolve(MailboxAddress recipient, Function<MailboxAddress, List<MailboxAddress>> resolver,
                                      Map<MailboxAddress, Integer> index) {
        List<MailboxAddress> targets;
        try {
            targets = resolver.apply(recipient);
        } catch (StoreException e) {
            return new Resolution(List.of(), Optional.of(e));
        }
        List<Integer> positions = new ArrayList<>(targets.size());
        for (MailboxAddress target : targets) {
            Integer position = index.computeIfAbsent(target, t -> index.size());
            if (!positions.contains(position)) {
                positions.add(position);
            }
        }
        return new Resolution(List.copyOf(positions), Optional.empty());
    }

    /** The distinct mailboxes to store into, once each, in the order the recipients first lead to them. */
    public List<MailboxAddress> mailboxes() {
        return mailboxes;
    }

    /** The store errors that left recipients unresolved (they fail temporarily), for the backend's log. */
    public List<StoreException> failures() {
        return resolutions.stream().flatMap(r -> r.failure().stream()).distinct().toList();
    }

    /**
     * One outcome per recipient, in the recipients' order, from one outcome per mailbox in the
     * order of {@link #mailboxes()}. A recipient of several mailboxes is delivered (with its first
     * mailbox's unique id) when all of them are, else it takes the first failure among them.
     *
     * @throws IllegalArgumentException if there is not exactly one outcome per mailbox
     */
    public List<DeliveryOutcome> outcomes(List<DeliveryOutcome> mailboxOutcomes) {
        if (mailboxOutcomes.size() != mailboxes.size()) {
            throw new IllegalArgumentException(mailboxOutcomes.size() + " outcomes for " + mailboxes.size() + " mailboxes");
        }
        List<DeliveryOutcome> outcomes = new ArrayList<>(resolutions.size());
        for (Resolution resolution : resolutions) {
            if (resolution.failure().isPresent()) {
                outcomes.add(new DeliveryOutcome.TemporaryFailure(UNRESOLVED));
                continue;
            }
            outcomes.add(combined(resolution.targets().stream().map(mailboxOutcomes::get).toList()));
        }
        return outcomes;
    }

    /** All delivered: the first one; else the first failure; nothing: no such mailbox. */
    private static DeliveryOutcome combined(List<DeliveryOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return new DeliveryOutcome.NoSuchMailbox();
        }
        return outcomes.stream()
                .filter(outcome -> !(outcome instanceof DeliveryOutcome.Delivered))
                .findFirst()
                .orElse(outcomes.get(0));
    }

    /**
     * The rule of {@link Directory#deliveryRefusal}: the first refusal among the mailboxes that
     * {@code recipient} resolves to, each checked by {@link RecipientCheck}; no mailbox at all is
     * {@link DeliveryOutcome.NoSuchMailbox}.
     */
    public static Optional<DeliveryOutcome> refusal(Directory directory, MailboxAddress recipient, long octets) {
        return refusal(directory.resolve(recipient), target -> RecipientCheck.refusal(directory, target, octets));
    }

    /** The first refusal among {@code targets} by {@code mailboxRefusal}; no targets is {@link DeliveryOutcome.NoSuchMailbox}. */
    public static Optional<DeliveryOutcome> refusal(List<MailboxAddress> targets,
                                                    Function<MailboxAddress, Optional<DeliveryOutcome>> mailboxRefusal) {
        if (targets.isEmpty()) {
            return Optional.of(new DeliveryOutcome.NoSuchMailbox());
        }
        for (MailboxAddress target : targets) {
            Optional<DeliveryOutcome> refused = mailboxRefusal.apply(target);
            if (refused.isPresent()) {
                return refused;
            }
        }
        return Optional.empty();
    }
}
