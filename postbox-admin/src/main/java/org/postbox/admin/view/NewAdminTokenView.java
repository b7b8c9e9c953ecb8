package org.postbox.admin.view;

/**
 * A new admin API token, the only time its secret is shown:
 * {@code {"name","scope","secret","created"}}.
 */
public record NewAdminTokenView(String name, String scope, String secret, String created) {
    @Override
    public String toString() {
        return "NewAdminTokenView[" + name + ", " + scope + "]";
    }
}
