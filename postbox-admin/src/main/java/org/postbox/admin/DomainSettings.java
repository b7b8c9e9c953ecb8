package org.postbox.admin;

import java.util.Optional;

/**
 * What {@link Domains#put} sets on a domain; what is not given stays as it is (or as a new
 * domain starts: active, POP3 on, unlimited).
 */
public record DomainSettings(Optional<Boolean> suspended, Optional<Boolean> pop3, DomainQuotaChange quota) {
    public static final DomainSettings NONE = new DomainSettings(Optional.empty(), Optional.empty(), DomainQuotaChange.NONE);
}
