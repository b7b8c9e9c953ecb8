-- Each mailbox's history (MailboxHistory): its POP3 logins and the messages its sessions deleted,
-- one row an event. Written by one INSERT per login and one batch per UPDATE, which also deletes
-- what the retention no longer keeps; goes with its mailbox, stays with it through a rename.
CREATE TABLE mailbox_history (
    id           bigint GENERATED ALWAYS AS IDENTITY,
    mailbox_id   bigint NOT NULL,
    at           timestamp with time zone NOT NULL,
    kind         varchar(8) NOT NULL,
    session_id   varchar(255) COLLATE "C" NOT NULL,
    -- logins
    client_ip    varchar(255) COLLATE "C",
    tls_protocol varchar(255) COLLATE "C",
    mechanism    varchar(255) COLLATE "C",
    -- deletions
    unique_id    varchar(255) COLLATE "C",
    size         bigint,
    CONSTRAINT mailbox_history_pkey PRIMARY KEY (id),
    CONSTRAINT mailbox_history_mailbox_fkey FOREIGN KEY (mailbox_id) REFERENCES mailboxes (id) ON DELETE CASCADE,
    CONSTRAINT mailbox_history_kind_check CHECK (
        (kind = 'login' AND client_ip IS NOT NULL AND mechanism IS NOT NULL AND unique_id IS NULL AND size IS NULL)
        OR (kind = 'delete' AND unique_id IS NOT NULL AND size IS NOT NULL AND client_ip IS NULL AND mechanism IS NULL
            AND tls_protocol IS NULL))
);

CREATE INDEX mailbox_history_mailbox_idx ON mailbox_history (mailbox_id, at, id);
-- The legacy access report reads every mailbox's logins of the kept period.
CREATE INDEX mailbox_history_logins_idx ON mailbox_history (at) WHERE kind = 'login';

-- RFC 2449 LOGIN-DELAY in whole seconds: each domain's (0 for none), and a mailbox's own, which
-- overrides its domain's when it is not null.
ALTER TABLE domains ADD COLUMN login_delay_seconds integer NOT NULL DEFAULT 0
    CONSTRAINT domains_login_delay_check CHECK (login_delay_seconds BETWEEN 0 AND 86400);
ALTER TABLE mailboxes ADD COLUMN login_delay_seconds integer
    CONSTRAINT mailboxes_login_delay_check CHECK (login_delay_seconds BETWEEN 0 AND 86400);
