-- App passwords: named extra passwords of a mailbox for clients that can only send a password,
-- each revocable by itself. They go with their mailbox; names are unique per mailbox and
-- compared byte-wise, like every other name here.

CREATE TABLE app_passwords (
    id            bigint GENERATED ALWAYS AS IDENTITY,
    mailbox_id    bigint NOT NULL,
    name          varchar(64) COLLATE "C" NOT NULL,
    password_hash varchar(1024) NOT NULL,
    created_at    timestamp with time zone NOT NULL DEFAULT now(),
    CONSTRAINT app_passwords_pkey PRIMARY KEY (id),
    -- Also the index of every look-up: a mailbox's app passwords, in name order.
    CONSTRAINT app_passwords_name_key UNIQUE (mailbox_id, name),
    CONSTRAINT app_passwords_mailbox_fkey FOREIGN KEY (mailbox_id) REFERENCES mailboxes (id) ON DELETE CASCADE,
    CONSTRAINT app_passwords_name_check CHECK (name ~ '^[A-Za-z0-9._-]{1,64}$')
);
