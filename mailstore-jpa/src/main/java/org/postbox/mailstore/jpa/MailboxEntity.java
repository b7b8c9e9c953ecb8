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

/**
 * A mailbox with its credentials and usage. The usage counters, limits, suspension and POP3
 * access are read-only here: they change in SQL (the counters within the transactions that
 * change mail), and a stale entity must never write them back.
 */
@Entity
@Table(name = "mailboxes")
class MailboxEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "domain_id", nullable = false)
    private DomainEntity domain;

    @Column(name = "local_part", nullable = false, length = 64)
    private String localPart;

    @Column(name = "password_hash", nullable = false, length = 1024)
    private String passwordHash;

    @Column(name = "uid_validity", nullable = false, insertable = false, updatable = false)
    private long uidValidity;

    @Column(name = "message_count", nullable = false, insertable = false, updatable = false)
    private int messageCount;

    @Column(name = "stored_octets", nullable = false, insertable = false, updatable = false)
    private long storedOctets;

    @Column(name = "quota_messages", insertable = false, updatable = false)
    private Integer quotaMessages;

    @Column(name = "quota_octets", insertable = false, updatable = false)
    private Long quotaOctets;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "suspended", nullable = false, insertable = false, updatable = false)
    private boolean suspended;

    @Column(name = "pop3_enabled", nullable = false, insertable = false, updatable = false)
    private boolean pop3Enabled;

    protected MailboxEntity() {
    }

    MailboxEntity(DomainEntity domain, String localPart, String passwordHash) {
        this.domain = domain;
        this.localPart = localPart;
        this.passwordHash = passwordHash;
    }

    Long id() {
        return id;
    }

    DomainEntity domain() {
        return domain;
    }

    String localPart() {
        return localPart;
    }

    String passwordHash() {
        return passwordHash;
    }

    void passwordHash(String hash) {
        this.passwordHash = hash;
    }

    int messageCount() {
        return messageCount;
    }

    long storedOctets() {
        return storedOctets;
    }

    boolean suspended() {
        return suspended;
    }

    boolean pop3Enabled() {
        return pop3Enabled;
    }
}
