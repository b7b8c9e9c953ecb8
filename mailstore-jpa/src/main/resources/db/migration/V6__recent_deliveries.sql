-- The keys of each mailbox's recently stored copies (DeliveryKey): an MTA that never got the
-- reply to a message it sent sends it again, and a key found here within its window answers that
-- retry without a second copy. Written in the transaction that stores the copy, so a crash leaves
-- both or neither. Rows older than their window are removed by the next delivery to the mailbox;
-- the row stays when its message is deleted, since the retry was delivered all the same.
CREATE TABLE recent_deliveries (
    mailbox_id   bigint NOT NULL,
    digest       char(64) COLLATE "C" NOT NULL,
    unique_id    varchar(70) COLLATE "C" NOT NULL,
    delivered_at timestamp with time zone NOT NULL,
    CONSTRAINT recent_deliveries_pkey PRIMARY KEY (mailbox_id, digest),
    CONSTRAINT recent_deliveries_mailbox_fkey FOREIGN KEY (mailbox_id) REFERENCES mailboxes (id) ON DELETE CASCADE
);

CREATE INDEX recent_deliveries_age_idx ON recent_deliveries (mailbox_id, delivered_at);
