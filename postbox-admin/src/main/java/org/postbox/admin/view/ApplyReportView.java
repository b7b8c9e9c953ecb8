package org.postbox.admin.view;

import java.util.List;

/**
 * The report of {@code apply}: {@code {"dryRun":false,"created":1,"changed":0,"unchanged":2,"items":[...]}},
 * one item per item of the file, in the order applied (domains, mailboxes, aliases).
 */
public record ApplyReportView(boolean dryRun, int created, int changed, int unchanged, List<ApplyItemView> items) {
    public ApplyReportView {
        items = List.copyOf(items);
    }

    public static ApplyReportView of(boolean dryRun, List<ApplyItemView> items) {
        return new ApplyReportView(dryRun, count(items, "created"), count(items, "changed"), count(items, "unchanged"),
                items);
    }

    private static int count(List<ApplyItemView> items, String outcome) {
        return (int) items.stream().filter(item -> item.outcome().equals(outcome)).count();
    }
}
