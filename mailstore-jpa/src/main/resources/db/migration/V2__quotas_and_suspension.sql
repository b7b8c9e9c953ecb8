-- Domain limits and usage, and suspension of domains and mailboxes.
--
-- A domain's usage is the sum of its mailboxes' usage, kept in the same transactions that change
-- those (delivery, deletion, mailbox removal), so that a delivery can check the domain's storage
-- limit with one conditional row update. Limits are NULL when unlimited, as for mailboxes.

ALTER TABLE domains
    ADD COLUMN quota_octets    bigint,
    ADD COLUMN quota_mailboxes integer,
    ADD COLUMN message_count   bigint NOT NULL DEFAULT 0,
    ADD COLUMN stored_octets   bigint NOT NULL DEFAULT 0,
    ADD COLUMN suspended       boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT domains_usage_check CHECK (message_count >= 0 AND stored_octets >= 0),
    ADD CONSTRAINT domains_quota_check CHECK ((quota_octets IS NULL OR quota_octets >= 0)
        AND (quota_mailboxes IS NULL OR quota_mailboxes >= 0));

-- A suspended mailbox keeps its mail but may not log in and takes no deliveries.
ALTER TABLE mailboxes
    ADD COLUMN suspended boolean NOT NULL DEFAULT false;

-- Mailboxes that existed before this migration: their domains' usage starts as their sum.
UPDATE domains d
   SET message_count = u.message_count, stored_octets = u.stored_octets
  FROM (SELECT domain_id, sum(message_count) AS message_count, sum(stored_octets) AS stored_octets
          FROM mailboxes GROUP BY domain_id) u
 WHERE u.domain_id = d.id;
