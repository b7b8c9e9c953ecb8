package org.postbox.cli.transfer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.migration.SourceProblem;

/**
 * Accounts gathered from one or more source files, with what could not be taken: when a mailbox
 * is defined twice the first definition counts, as the old servers look files up in order.
 */
final class AccountList {
    private final List<SourceAccount> accounts = new ArrayList<>();
    private final Map<MailboxAddress, SourceAccount> byAddress = new HashMap<>();
    private final List<Finding> findings = new ArrayList<>();

    void add(SourceAccount account) {
        SourceAccount first = byAddress.putIfAbsent(account.address(), account);
        if (first != null) {
            findings.add(new Finding(Finding.Kind.NOT_IMPORTED, account.origin(), account.address()
                    + " is defined at " + first.origin() + " already, which counts; this definition is not imported"));
        } else {
            accounts.add(account);
        }
    }

    /** A source line or account the reader could not take over. */
    void problem(SourceProblem problem) {
        findings.add(new Finding(Finding.Kind.NOT_IMPORTED, problem.origin(), problem.reason()));
    }

    void notImported(String origin, String reason) {
        findings.add(new Finding(Finding.Kind.NOT_IMPORTED, origin, reason));
    }

    List<SourceAccount> accounts() {
        return List.copyOf(accounts);
    }

    List<Finding> findings() {
        return List.copyOf(findings);
    }
}
