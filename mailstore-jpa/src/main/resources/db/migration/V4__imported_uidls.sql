-- UIDLs of imported messages (postbox import, postbox migrate): the UIDL the old server gave a
-- message, which POP3 answers for it from then on instead of the one made from its id. NULL for
-- the store's own messages. Printable ASCII of 1 to 70 characters, as RFC 1939 allows.
ALTER TABLE messages
    ADD COLUMN uidl varchar(70) COLLATE "C",
    ADD CONSTRAINT messages_uidl_check CHECK (uidl ~ '^[!-~]{1,70}$');

-- One message per UIDL in a mailbox; also how an import finds what it has imported already.
CREATE UNIQUE INDEX messages_uidl_key ON messages (mailbox_id, uidl) WHERE uidl IS NOT NULL;

-- Opening a maildrop reads the UIDL with the listing, still from this index alone. Imported
-- messages keep the listing's order (by id), which their ids, drawn in import order, give them.
DROP INDEX messages_listing_idx;
CREATE INDEX messages_listing_idx ON messages (mailbox_id, id) INCLUDE (crlf_size, stored_size, uidl);
