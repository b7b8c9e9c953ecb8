package org.postbox.admin.view;

import java.util.List;

/** A mailbox that logged in the legacy way, with each kind it used: {@code {"address":...,"uses":[...]}}. */
public record LegacyMailboxView(String address, List<LegacyUseView> uses) {
    public LegacyMailboxView {
        uses = List.copyOf(uses);
    }
}
