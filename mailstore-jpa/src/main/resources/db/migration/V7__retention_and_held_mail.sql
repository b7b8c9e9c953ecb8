-- Retention (RFC 2449 EXPIRE) and the deleted-mail hold.
--
-- expire_days: days a mailbox keeps a message after its first retrieval; -1 for never. On a
-- domain NULL means never (the default), on a mailbox NULL means its domain's.
ALTER TABLE domains
    ADD COLUMN expire_days              integer,
    ADD COLUMN hold_days                integer NOT NULL DEFAULT 0,
    ADD COLUMN held_counts_toward_quota boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT domains_retention_check CHECK ((expire_days IS NULL OR expire_days >= -1) AND hold_days >= 0);

ALTER TABLE mailboxes
    ADD COLUMN expire_days integer,
    ADD CONSTRAINT mailboxes_expire_check CHECK (expire_days IS NULL OR expire_days >= -1);

-- retrieved_at: the first RETR of the message, recorded when its session closes.
-- held_at: when a session deleted it while its domain holds deleted mail; such a row is in no
-- snapshot, and counts toward the usage columns only while its domain says held mail counts.
ALTER TABLE messages
    ADD COLUMN retrieved_at timestamp with time zone,
    ADD COLUMN held_at      timestamp with time zone;

-- Opening a maildrop still reads the listing from this index alone, leaving held rows out.
DROP INDEX messages_listing_idx;
CREATE INDEX messages_listing_idx ON messages (mailbox_id, id) INCLUDE (crlf_size, stored_size, uidl, held_at);

-- The sweeper finds held rows and retrieved ones by age without reading a mailbox's other rows.
-- Few rows are ever held; retrieved_at is written once per message, at its first retrieval.
CREATE INDEX messages_held_idx ON messages (mailbox_id, held_at) WHERE held_at IS NOT NULL;
CREATE INDEX messages_retrieved_idx ON messages (mailbox_id, retrieved_at)
    WHERE retrieved_at IS NOT NULL AND held_at IS NULL;

-- CAPA before login asks for the shortest expire of any domain or mailbox; few have one.
CREATE INDEX domains_expire_idx ON domains (expire_days) WHERE expire_days >= 0;
CREATE INDEX mailboxes_expire_idx ON mailboxes (expire_days) WHERE expire_days >= 0;
