package org.postbox.admin.view;

import java.util.List;

/**
 * What {@code apply} did, or would do in a dry run, to one item of a provisioning file:
 * {@code {"kind":"mailbox","name":"alice@example.com","outcome":"changed","changes":["quota storage 0 -> 1073741824"]}}.
 *
 * @param kind    {@code domain}, {@code mailbox} or {@code alias}
 * @param outcome {@code created}, {@code changed} or {@code unchanged}
 */
public record ApplyItemView(String kind, String name, String outcome, List<String> changes) {
    public ApplyItemView {
        changes = List.copyOf(changes);
    }
}
