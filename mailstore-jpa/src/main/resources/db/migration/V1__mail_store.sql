-- The Postbox mail store. Hibernate only validates this schema; every change is a new migration.
--
-- Names (domains, local parts) are compared and sorted byte-wise (COLLATE "C"): they are
-- lower-case ASCII, and the listing order must not depend on the server's locale.

CREATE TABLE domains (
    id         bigint GENERATED ALWAYS AS IDENTITY,
    name       varchar(253) COLLATE "C" NOT NULL,
    created_at timestamp with time zone NOT NULL DEFAULT now(),
    CONSTRAINT domains_pkey PRIMARY KEY (id),
    CONSTRAINT domains_name_key UNIQUE (name)
);

-- One row per mailbox: credentials, usage counters kept in step with messages by the same
-- transactions that add or remove mail, and optional limits (NULL: unlimited).
CREATE TABLE mailboxes (
    id             bigint GENERATED ALWAYS AS IDENTITY,
    domain_id      bigint NOT NULL,
    local_part     varchar(64) COLLATE "C" NOT NULL,
    password_hash  varchar(1024) NOT NULL,
    -- Part of every unique id: a mailbox created again, or the same address in a database
    -- created anew, never presents a unique id a POP3 client may remember from before.
    uid_validity   bigint NOT NULL DEFAULT (extract(epoch FROM clock_timestamp()) * 1000)::bigint,
    message_count  integer NOT NULL DEFAULT 0,
    stored_octets  bigint NOT NULL DEFAULT 0,
    quota_messages integer,
    quota_octets   bigint,
    created_at     timestamp with time zone NOT NULL DEFAULT now(),
    CONSTRAINT mailboxes_pkey PRIMARY KEY (id),
    CONSTRAINT mailboxes_address_key UNIQUE (domain_id, local_part),
    -- Mail is never removed implicitly: a domain goes only once its mailboxes are gone.
    CONSTRAINT mailboxes_domain_fkey FOREIGN KEY (domain_id) REFERENCES domains (id) ON DELETE RESTRICT,
    CONSTRAINT mailboxes_usage_check CHECK (message_count >= 0 AND stored_octets >= 0),
    CONSTRAINT mailboxes_quota_check CHECK ((quota_messages IS NULL OR quota_messages >= 0)
        AND (quota_octets IS NULL OR quota_octets >= 0))
);

-- Message ids are drawn before the body is written (its chunks reference the id), and are
-- never reused: a sequence only moves forward, whatever is deleted.
CREATE SEQUENCE message_ids AS bigint;

CREATE TABLE messages (
    id           bigint NOT NULL DEFAULT nextval('message_ids'),
    mailbox_id   bigint NOT NULL,
    -- octets as stored, and as POP3 announces them (every line end counted as CRLF)
    stored_size  bigint NOT NULL,
    crlf_size    bigint NOT NULL,
    delivered_at timestamp with time zone NOT NULL,
    CONSTRAINT messages_pkey PRIMARY KEY (id),
    CONSTRAINT messages_mailbox_fkey FOREIGN KEY (mailbox_id) REFERENCES mailboxes (id) ON DELETE CASCADE,
    CONSTRAINT messages_size_check CHECK (stored_size >= 0 AND crlf_size >= stored_size)
);
ALTER SEQUENCE message_ids OWNED BY messages.id;

-- Opening a maildrop reads (id, crlf_size) of one mailbox in id order: an index-only scan.
CREATE INDEX messages_listing_idx ON messages (mailbox_id, id) INCLUDE (crlf_size, stored_size);

-- Bodies in fixed-size pieces, read one at a time. The foreign key is checked at commit, so
-- the chunks can be written before the message row that makes them visible.
CREATE TABLE message_chunks (
    message_id bigint NOT NULL,
    seq        integer NOT NULL,
    data       bytea NOT NULL,
    CONSTRAINT message_chunks_pkey PRIMARY KEY (message_id, seq),
    CONSTRAINT message_chunks_message_fkey FOREIGN KEY (message_id) REFERENCES messages (id)
        ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
);

-- The exclusive maildrop lock shared by every daemon on this database (RFC 1939 section 8):
-- one row per locked mailbox, valid until expires_at on the database's clock, renewed by its
-- holder and taken over by another only once expired.
CREATE TABLE maildrop_leases (
    mailbox_id  bigint NOT NULL,
    owner_id    varchar(100) NOT NULL,
    holder      varchar(255) NOT NULL,
    acquired_at timestamp with time zone NOT NULL,
    expires_at  timestamp with time zone NOT NULL,
    CONSTRAINT maildrop_leases_pkey PRIMARY KEY (mailbox_id),
    CONSTRAINT maildrop_leases_mailbox_fkey FOREIGN KEY (mailbox_id) REFERENCES mailboxes (id) ON DELETE CASCADE
);
CREATE INDEX maildrop_leases_owner_idx ON maildrop_leases (owner_id);
