package org.postbox.admin.view;

import java.util.List;
import org.postbox.mailstore.Alias;
import org.postbox.mailstore.MailboxAddress;

/**
 * An alias: {@code {"alias":"sales@example.com","domain":"example.com","catchAll":false,
 * "targets":["alice@example.com"]}}; a catch-all's alias is {@code @example.com}.
 */
public record AliasView(String alias, String domain, boolean catchAll, List<String> targets) {
    public AliasView {
        targets = List.copyOf(targets);
    }

    public static AliasView of(Alias alias) {
        return new AliasView(alias.name().toString(), alias.name().domain(), alias.name().isCatchAll(),
                alias.targets().stream().map(MailboxAddress::toString).toList());
    }
}
