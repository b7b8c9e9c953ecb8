package org.postbox.mailstore.jpa;

import java.io.Serializable;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/** One fixed-size piece of a message body; {@code seq} counts from 0. */
@Entity
@Immutable
@Table(name = "message_chunks")
class MessageChunkEntity {

    @EmbeddedId
    private Key key;

    @Column(name = "data", nullable = false)
    private byte[] data;

    protected MessageChunkEntity() {
    }

    byte[] data() {
        return data;
    }

    /** The chunk's identity: its message and its place in the body. */
    @Embeddable
    record Key(@Column(name = "message_id", nullable = false) long messageId,
               @Column(name = "seq", nullable = false) int seq) implements Serializable {
    }
}
