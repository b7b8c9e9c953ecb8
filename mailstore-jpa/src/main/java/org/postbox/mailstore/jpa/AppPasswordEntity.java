package org.postbox.mailstore.jpa;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import org.postbox.mailstore.AppPassword;

/** One app password of a mailbox. Never changed once written: revoking deletes the row. */
@Entity
@Table(name = "app_passwords")
class AppPasswordEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "mailbox_id", nullable = false, updatable = false)
    private MailboxEntity mailbox;

    @Column(name = "name", nullable = false, length = 64, updatable = false)
    private String name;

    @Column(name = "password_hash", nullable = false, length = 1024, updatable = false)
    private String passwordHash;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected AppPasswordEntity() {
    }

    AppPasswordEntity(MailboxEntity mailbox, AppPassword appPassword) {
        this.mailbox = mailbox;
        this.name = appPassword.name();
        this.passwordHash = appPassword.passwordHash();
        this.createdAt = appPassword.created();
    }

    AppPassword toAppPassword() {
        return new AppPassword(name, passwordHash, createdAt);
    }
}
