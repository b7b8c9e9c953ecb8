package org.postbox.mailstore;

import java.util.Objects;

/**
 * What storing one copy did to its mailbox's usage, as the store counted it: the usage just
 * before and just after the copy, read under whatever orders every change of that mailbox's usage
 * (Maildir: the mailbox's quota lock around {@code maildirsize}; JPA: the mailbox row's lock
 * taken by the counting update). Of concurrent deliveries into one mailbox no two therefore see
 * the same {@code before}, and a threshold between {@code before} and {@code after} is crossed by
 * exactly one of them ({@link MailStore#deliver(java.util.List, MessageSource, java.util.Optional,
 * java.util.function.Consumer)}).
 *
 * @param mailbox the mailbox the copy went into (after aliases were resolved)
 * @param before  its usage without the copy
 * @param after   its usage with the copy
 * @param limit   its limits when the copy was counted
 */
public record UsageChange(MailboxAddress mailbox, QuotaUsage before, QuotaUsage after, MailboxQuota limit) {

    public UsageChange {
        Objects.requireNonNull(mailbox, "mailbox");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(limit, "limit");
    }
}
