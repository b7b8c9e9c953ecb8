package org.postbox.system;

import java.util.Objects;

/** A mailbox the clients poll, with the password they log in with. */
public record Account(String address, String password) {

    public Account {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(password, "password");
        if (address.indexOf('@') < 1) {
            throw new IllegalArgumentException("not an address: " + address);
        }
    }

    public String local() {
        return address.substring(0, address.indexOf('@'));
    }

    public String domain() {
        return address.substring(address.indexOf('@') + 1);
    }

    @Override
    public String toString() {
        return address;
    }
}
