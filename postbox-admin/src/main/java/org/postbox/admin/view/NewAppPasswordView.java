package org.postbox.admin.view;

/**
 * A new app password, the only time its password is shown:
 * {@code {"address":...,"name":...,"password":...,"created":...}}.
 */
public record NewAppPasswordView(String address, String name, String password, String created) {
    @Override
    public String toString() {
        return "NewAppPasswordView[" + address + ", " + name + "]";
    }
}
