package org.postbox.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.warnings.QuotaThresholds;
import org.postbox.mailstore.warnings.QuotaWarningSettings;

/**
 * The {@code quota-warnings:} section: when a delivery takes a mailbox across one of the
 * thresholds, a warning is stored in it (docs/quota-warnings.md).
 *
 * @param thresholds percentages of the mailbox's limits, ascending; empty turns warnings off
 * @param templates  the directory of template files ({@code <domain>.txt}, {@code default.txt})
 * @param sender     the warnings' {@code From:}; by default {@code postmaster@<the mailbox's domain>}
 */
public record QuotaWarningsConfig(QuotaThresholds thresholds, Optional<Path> templates, Optional<MailboxAddress> sender) {

    /** 80 % and 95 %, the built-in text, from the domain's postmaster. */
    public static final QuotaWarningsConfig DEFAULTS =
            new QuotaWarningsConfig(QuotaThresholds.DEFAULT, Optional.empty(), Optional.empty());

    /** The settings of the quota warning store, its {@code Date:} headers from {@code clock}. */
    public QuotaWarningSettings settings(Clock clock) {
        return new QuotaWarningSettings(thresholds, templates, sender, clock);
    }

    static QuotaWarningsConfig read(ConfigNode w, Path baseDir) {
        List<String> given = w.strings("thresholds", null);
        QuotaThresholds thresholds = QuotaThresholds.DEFAULT;
        if (given != null) {
            List<Integer> percents = new ArrayList<>();
            for (int i = 0; i < given.size(); i++) {
                percents.add(percent(w.keyPath("thresholds") + "[" + i + "]", given.get(i)));
            }
            thresholds = QuotaThresholds.of(percents);
        }
        Optional<Path> templates = w.optionalString("templates").map(text -> baseDir.resolve(text).normalize());
        if (templates.isPresent() && !Files.isDirectory(templates.get())) {
            throw new ConfigException(w.keyPath("templates"), templates.get() + " is not a directory; give the directory"
                    + " that holds <domain>.txt and default.txt, or remove this key for the built-in text");
        }
        Optional<MailboxAddress> sender = w.optionalString("sender").map(text -> {
            try {
                return MailboxAddress.parse(text);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(w.keyPath("sender"), "'" + text + "' is not a mail address: " + e.getMessage());
            }
        });
        w.rejectUnknownKeys();
        return new QuotaWarningsConfig(thresholds, templates, sender);
    }

    private static int percent(String key, String text) {
        try {
            int percent = Integer.parseInt(text.strip());
            if (percent >= 1 && percent <= 100) {
                return percent;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ConfigException(key, "'" + text + "' is not a percentage; use a whole number from 1 to 100");
    }
}
