package org.postbox.mailstore;

import java.util.List;
import java.util.Objects;

/**
 * What an import batch did: one outcome per message, in the batch's order.
 *
 * @param outcomes {@link ImportOutcome.Imported}, {@link ImportOutcome.AlreadyPresent} or
 *                 {@link ImportOutcome.Refused}, one per message given
 */
public record ImportReport(List<ImportOutcome> outcomes) {

    public ImportReport {
        outcomes = List.copyOf(Objects.requireNonNull(outcomes, "outcomes"));
    }

    /** How many messages were stored by this batch. */
    public long imported() {
        return outcomes.stream().filter(ImportOutcome.Imported.class::isInstance).count();
    }

    /** How many were skipped as present already. */
    public long alreadyPresent() {
        return outcomes.stream().filter(ImportOutcome.AlreadyPresent.class::isInstance).count();
    }

    /** The messages refused, with their reasons. */
    public List<ImportOutcome.Refused> refused() {
        return outcomes.stream().filter(ImportOutcome.Refused.class::isInstance).map(ImportOutcome.Refused.class::cast)
                .toList();
    }

    /** The octets stored by this batch. */
    public long storedOctets() {
        return outcomes.stream().filter(ImportOutcome.Imported.class::isInstance)
                .mapToLong(o -> ((ImportOutcome.Imported) o).storedOctets()).sum();
    }
}
