package org.postbox.mailstore.jpa;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/**
 * A maildrop lock held by some daemon: written only through {@link MaildropLeases}' SQL, which
 * must compare expiry on the database clock; read here to tell operators who holds a maildrop.
 */
@Entity
@Immutable
@Table(name = "maildrop_leases")
class MaildropLeaseEntity {

    @Id
    @Column(name = "mailbox_id", nullable = false)
    private long mailboxId;

    @Column(name = "owner_id", nullable = false, length = 100)
    private String ownerId;

    @Column(name = "holder", nullable = false, length = 255)
    private String holder;

    @Column(name = "acquired_at", nullable = false)
    private Instant acquiredAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    protected MaildropLeaseEntity() {
    }

    String holder() {
        return holder;
    }

    Instant acquiredAt() {
        return acquiredAt;
    }

    Instant expiresAt() {
        return expiresAt;
    }
}
