package org.postbox.mailstore.jpa;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A tenant: one mail domain. Not final: JPA proxies entities. Its limits, usage, suspension and
 * POP3 access are read-only here: they change in SQL, the usage within the transactions that change mail.
 */
@Entity
@Table(name = "domains")
class DomainEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "name", nullable = false, length = 253)
    private String name;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "suspended", nullable = false, insertable = false, updatable = false)
    private boolean suspended;

    @Column(name = "pop3_enabled", nullable = false, insertable = false, updatable = false)
    private boolean pop3Enabled;

    protected DomainEntity() {
    }

    DomainEntity(String name) {
        this.name = name;
    }

    Long id() {
        return id;
    }

    String name() {
        return name;
    }

    boolean suspended() {
        return suspended;
    }

    boolean pop3Enabled() {
        return pop3Enabled;
    }
}
