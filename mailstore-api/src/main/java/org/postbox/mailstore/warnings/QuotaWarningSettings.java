package org.postbox.mailstore.warnings;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

import org.postbox.mailstore.MailboxAddress;

/**
 * How quota warnings are written ({@link QuotaWarningStore}).
 *
 * @param thresholds the levels that warn; none turns warnings off
 * @param templates  a directory of template files: {@code <domain>.txt}, else {@code default.txt};
 *                   without one, or when neither file exists, {@link WarningTemplate#BUILT_IN}
 * @param sender     the warnings' {@code From:}; by default {@code postmaster@} the mailbox's domain
 * @param clock      for the {@code Date:} header
 */
public record QuotaWarningSettings(QuotaThresholds thresholds, Optional<Path> templates, Optional<MailboxAddress> sender,
                                   Clock clock) {

    public QuotaWarningSettings {
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(templates, "templates");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(clock, "clock");
    }

    /** The default levels and text, {@code From: postmaster@<domain>}. */
    public static QuotaWarningSettings defaults(Clock clock) {
        return new QuotaWarningSettings(QuotaThresholds.DEFAULT, Optional.empty(), Optional.empty(), clock);
    }
}
