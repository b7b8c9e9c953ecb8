package org.postbox.admin.view;

import org.postbox.mailstore.DomainRetention;
import org.postbox.mailstore.Expire;
import org.postbox.mailstore.MailboxRetention;

/**
 * Retention of a domain, or of a mailbox within its domain:
 * {@code {"target","expire","ownExpire","holdDays","heldCountsTowardQuota"}}. {@code expire} is
 * what applies, a number of days or {@code "never"}; {@code ownExpire} is the mailbox's own setting,
 * {@code "inherit"} when it has none (for a domain, its own value).
 */
public record RetentionView(String target, String expire, String ownExpire, int holdDays,
                            boolean heldCountsTowardQuota) {

    public static RetentionView of(String domain, DomainRetention retention) {
        String expire = text(retention.expire());
        return new RetentionView(domain, expire, expire, retention.holdDays(), retention.heldCountsTowardQuota());
    }

    public static RetentionView of(MailboxRetention retention) {
        return new RetentionView(retention.address().toString(), text(retention.expire()),
                retention.ownExpire().map(RetentionView::text).orElse("inherit"), retention.domain().holdDays(),
                retention.domain().heldCountsTowardQuota());
    }

    private static String text(Expire expire) {
        return expire.isNever() ? "never" : Integer.toString(expire.days());
    }
}
