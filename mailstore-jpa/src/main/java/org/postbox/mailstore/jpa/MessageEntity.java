package org.postbox.mailstore.jpa;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/**
 * The metadata of one stored message. Rows are written in SQL by delivery and import (the id
 * comes from the {@code message_ids} sequence before the body is written) and never change
 * afterwards.
 */
@Entity
@Immutable
@Table(name = "messages")
class MessageEntity {

    @Id
    @Column(name = "id", nullable = false)
    private long id;

    @Column(name = "mailbox_id", nullable = false)
    private long mailboxId;

    @Column(name = "stored_size", nullable = false)
    private long storedSize;

    @Column(name = "crlf_size", nullable = false)
    private long crlfSize;

    @Column(name = "delivered_at", nullable = false)
    private Instant deliveredAt;

    /** The UIDL an import brought, or null for a message of this store's own (see {@link UniqueIds}). */
    @Column(name = "uidl", length = 70)
    private String uidl;

    protected MessageEntity() {
    }

    long id() {
        return id;
    }

    long storedSize() {
        return storedSize;
    }
}
