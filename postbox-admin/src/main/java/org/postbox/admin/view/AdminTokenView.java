package org.postbox.admin.view;

import java.util.Locale;
import org.postbox.mailstore.AdminToken;

/** An admin API token as listed, never its secret or hash: {@code {"name","scope":"read"|"write","created"}}. */
public record AdminTokenView(String name, String scope, String created) {
    public static AdminTokenView of(AdminToken token) {
        return new AdminTokenView(token.name(), token.scope().name().toLowerCase(Locale.ROOT), token.created().toString());
    }
}
