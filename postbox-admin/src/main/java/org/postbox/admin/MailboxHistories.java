package org.postbox.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.postbox.admin.view.HistoryEventView;
import org.postbox.admin.view.LegacyDomainView;
import org.postbox.admin.view.LegacyMailboxView;
import org.postbox.admin.view.LegacyReportView;
import org.postbox.admin.view.LegacyUseView;
import org.postbox.mailstore.HistoryEvent;
import org.postbox.mailstore.HistoryRetention;
import org.postbox.mailstore.MailStore;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxLogin;

/**
 * Reading the mailboxes' histories: one mailbox's logins and deletions ("who deleted my mail"),
 * and the legacy access report. Only what {@code retention} keeps is shown, even where the store
 * has not dropped it yet (it drops at a mailbox's next login or UPDATE). Reads only: no audit.
 */
public final class MailboxHistories {

    /** The kinds of legacy access, in the order the report lists them. */
    private static final Map<String, Predicate<HistoryEvent.Login>> LEGACY_KINDS = kinds();

    private final MailStore store;
    private final Clock clock;

    MailboxHistories(MailStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * A mailbox's events, newest first, from {@code since} (or all that are kept).
     *
     * @throws org.postbox.mailstore.NoSuchMailboxException if it does not exist
     */
    public List<HistoryEventView> events(MailboxAddress address, Optional<Instant> since, HistoryRetention retention) {
        // Newest first, so the limit keeps the newest: a login's append may leave the cut to later.
        return store.history().events(address, from(since, retention)).stream().limit(retention.maxEvents())
                .map(HistoryEventView::of).toList();
    }

    /** The mailboxes that logged in without TLS, by APOP or by CRAM-MD5 within the kept period, by domain. */
    public LegacyReportView legacyReport(HistoryRetention retention) {
        Instant since = from(Optional.empty(), retention);
        // The store lists by address, newest first: a mailbox's logins are together, its latest first.
        Map<String, Map<MailboxAddress, Map<String, Use>>> byDomain = new LinkedHashMap<>();
        for (MailboxLogin entry : store.history().logins(since)) {
            LEGACY_KINDS.forEach((kind, used) -> {
                if (used.test(entry.login())) {
                    byDomain.computeIfAbsent(entry.address().domain(), d -> new LinkedHashMap<>())
                            .computeIfAbsent(entry.address(), a -> new LinkedHashMap<>())
                            .computeIfAbsent(kind, k -> new Use()).count(entry.login().at());
                }
            });
        }
        List<LegacyDomainView> domains = new ArrayList<>();
        byDomain.forEach((domain, mailboxes) -> {
            Map<String, DomainUse> totals = new LinkedHashMap<>();
            List<LegacyMailboxView> mailboxViews = new ArrayList<>();
            mailboxes.forEach((address, uses) -> {
                List<LegacyUseView> useViews = new ArrayList<>();
                for (String kind : LEGACY_KINDS.keySet()) {
                    Use use = uses.get(kind);
                    if (use != null) {
                        useViews.add(new LegacyUseView(kind, 1, use.logins, use.last.toString()));
                        totals.computeIfAbsent(kind, k -> new DomainUse()).add(use);
                    }
                }
                mailboxViews.add(new LegacyMailboxView(address.toString(), useViews));
            });
            List<LegacyUseView> totalViews = new ArrayList<>();
            for (String kind : LEGACY_KINDS.keySet()) {
                DomainUse total = totals.get(kind);
                if (total != null) {
                    totalViews.add(new LegacyUseView(kind, total.mailboxes, total.use.logins, total.use.last.toString()));
                }
            }
            domains.add(new LegacyDomainView(domain, totalViews, mailboxViews));
        });
        return new LegacyReportView(since.toString(), domains);
    }

    private Instant from(Optional<Instant> since, HistoryRetention retention) {
        Instant horizon = retention.horizon(clock.instant());
        return since.filter(given -> given.isAfter(horizon)).orElse(horizon);
    }

    private static Map<String, Predicate<HistoryEvent.Login>> kinds() {
        Map<String, Predicate<HistoryEvent.Login>> kinds = new LinkedHashMap<>();
        kinds.put("no-tls", login -> login.tls().isEmpty());
        kinds.put("apop", login -> login.mechanism().equals("APOP"));
        kinds.put("cram-md5", login -> login.mechanism().equals("CRAM-MD5"));
        return kinds;
    }

    /** Logins of one kind by one mailbox. */
    private static final class Use {
        long logins;
        Instant last = Instant.EPOCH;

        void count(Instant at) {
            logins++;
            if (at.isAfter(last)) {
                last = at;
            }
        }
    }

    /** Logins of one kind across a domain. */
    private static final class DomainUse {
        int mailboxes;
        final Use use = new Use();

        void add(Use mailbox) {
            mailboxes++;
            use.logins += mailbox.logins;
            if (mailbox.last.isAfter(use.last)) {
                use.last = mailbox.last;
            }
        }
    }
}
