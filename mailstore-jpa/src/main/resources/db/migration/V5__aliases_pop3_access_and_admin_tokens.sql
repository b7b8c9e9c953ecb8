-- Aliases and catch-alls, POP3 access per mailbox and per domain, the last login of a mailbox,
-- and the admin API's tokens.
--
-- Several daemons and CLI runs share this database, so each rule below is a constraint, never
-- only a check made before a change: a change that races another one fails here instead.

-- POP3 logins allowed, apart from suspension: mail keeps arriving either way. A mailbox may log
-- in only when both its own setting and its domain's allow it.
ALTER TABLE domains
    ADD COLUMN pop3_enabled boolean NOT NULL DEFAULT true;
ALTER TABLE mailboxes
    ADD COLUMN pop3_enabled  boolean NOT NULL DEFAULT true,
    -- The last successful login; NULL when none was recorded. Not indexed, so that recording
    -- one (on every login) is a HOT update of the row alone.
    ADD COLUMN last_login_at timestamp with time zone;

-- Mailboxes and aliases share one name space per domain: an address is a mailbox or an alias,
-- never both. This table holds every such address with its kind, and each mailbox and each
-- named alias references its own row by (domain, local part, kind): so the primary key refuses
-- an alias of a mailbox's address and a mailbox of an alias's, whoever commits first.
CREATE TABLE addresses (
    domain_id  bigint NOT NULL,
    local_part varchar(64) COLLATE "C" NOT NULL,
    kind       varchar(7) NOT NULL,
    CONSTRAINT addresses_pkey PRIMARY KEY (domain_id, local_part),
    -- What the foreign keys of mailboxes and aliases reference: the name with its kind.
    CONSTRAINT addresses_kind_key UNIQUE (domain_id, local_part, kind),
    CONSTRAINT addresses_kind_check CHECK (kind IN ('mailbox', 'alias')),
    CONSTRAINT addresses_domain_fkey FOREIGN KEY (domain_id) REFERENCES domains (id) ON DELETE CASCADE
);

INSERT INTO addresses (domain_id, local_part, kind)
SELECT domain_id, local_part, 'mailbox' FROM mailboxes;

ALTER TABLE mailboxes
    ADD COLUMN kind varchar(7) NOT NULL DEFAULT 'mailbox',
    ADD CONSTRAINT mailboxes_kind_check CHECK (kind = 'mailbox'),
    -- A mailbox's address row goes only after the mailbox (removal, rename).
    ADD CONSTRAINT mailboxes_address_fkey FOREIGN KEY (domain_id, local_part, kind)
        REFERENCES addresses (domain_id, local_part, kind);

-- An alias of a domain, or its catch-all (local_part NULL: at most one per domain). Its targets
-- are mailboxes, never aliases, so that no delivery loops and each alias resolves in one step.
CREATE TABLE aliases (
    id         bigint GENERATED ALWAYS AS IDENTITY,
    domain_id  bigint NOT NULL,
    local_part varchar(64) COLLATE "C",
    kind       varchar(7) NOT NULL DEFAULT 'alias',
    created_at timestamp with time zone NOT NULL DEFAULT now(),
    CONSTRAINT aliases_pkey PRIMARY KEY (id),
    -- Also the index of every look-up and of a domain's listing, in name order.
    CONSTRAINT aliases_name_key UNIQUE (domain_id, local_part),
    CONSTRAINT aliases_kind_check CHECK (kind = 'alias'),
    -- A domain goes with its aliases (it goes only once its mailboxes are gone).
    CONSTRAINT aliases_domain_fkey FOREIGN KEY (domain_id) REFERENCES domains (id) ON DELETE CASCADE,
    -- A catch-all has no address row: a NULL local part leaves this key unchecked.
    CONSTRAINT aliases_address_fkey FOREIGN KEY (domain_id, local_part, kind)
        REFERENCES addresses (domain_id, local_part, kind) ON DELETE CASCADE
);
-- A unique constraint lets NULLs differ; the catch-all needs an index of its own.
CREATE UNIQUE INDEX aliases_catch_all_key ON aliases (domain_id) WHERE local_part IS NULL;

-- The mailboxes an alias delivers to, in the order given. A mailbox that is still a target
-- cannot be removed (RESTRICT): mail to the alias would otherwise be refused silently. A rename
-- keeps the mailbox's id, so its aliases follow it.
CREATE TABLE alias_targets (
    alias_id   bigint NOT NULL,
    mailbox_id bigint NOT NULL,
    position   integer NOT NULL,
    CONSTRAINT alias_targets_pkey PRIMARY KEY (alias_id, mailbox_id),
    CONSTRAINT alias_targets_position_key UNIQUE (alias_id, position),
    CONSTRAINT alias_targets_alias_fkey FOREIGN KEY (alias_id) REFERENCES aliases (id) ON DELETE CASCADE,
    CONSTRAINT alias_targets_mailbox_fkey FOREIGN KEY (mailbox_id) REFERENCES mailboxes (id) ON DELETE RESTRICT
);
-- Which aliases target a mailbox (its removal, and the foreign key's own check).
CREATE INDEX alias_targets_mailbox_idx ON alias_targets (mailbox_id);

-- Bearer tokens of the admin HTTP API: never the secret, only the hash the admin service makes
-- of it, so that a copy of the database gives no access. A token is found by that hash alone.
CREATE TABLE admin_tokens (
    id          bigint GENERATED ALWAYS AS IDENTITY,
    name        varchar(64) COLLATE "C" NOT NULL,
    scope       varchar(5) NOT NULL,
    secret_hash varchar(1024) NOT NULL,
    created_at  timestamp with time zone NOT NULL,
    CONSTRAINT admin_tokens_pkey PRIMARY KEY (id),
    CONSTRAINT admin_tokens_name_key UNIQUE (name),
    CONSTRAINT admin_tokens_secret_hash_key UNIQUE (secret_hash),
    CONSTRAINT admin_tokens_name_check CHECK (name ~ '^[A-Za-z0-9._-]{1,64}$'),
    CONSTRAINT admin_tokens_scope_check CHECK (scope IN ('READ', 'WRITE'))
);
