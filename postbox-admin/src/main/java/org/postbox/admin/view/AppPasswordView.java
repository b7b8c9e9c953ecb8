package org.postbox.admin.view;

import org.postbox.mailstore.AppPassword;

/** An app password as listed, never its hash: {@code {"name":"phone","created":"2025-11-22T01:18:00Z"}}. */
public record AppPasswordView(String name, String created) {
    public static AppPasswordView of(AppPassword appPassword) {
        return new AppPasswordView(appPassword.name(), appPassword.created().toString());
    }
}
