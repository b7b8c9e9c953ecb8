package org.postbox.mailstore;

/**
 * What one retention sweep of a mailbox removed ({@link MailStore#sweepRetention}).
 *
 * @param expired retrieved messages deleted because their mailbox's {@link Expire} had passed
 * @param purged  held messages deleted for good because their domain's hold had passed
 */
public record SweepOutcome(int expired, int purged) {

    public static final SweepOutcome NONE = new SweepOutcome(0, 0);

    public SweepOutcome {
        if (expired < 0 || purged < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    public int total() {
        return expired + purged;
    }
}
