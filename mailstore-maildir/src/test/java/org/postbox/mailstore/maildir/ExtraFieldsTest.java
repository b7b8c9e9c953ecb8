package org.postbox.mailstore.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.postbox.mailstore.Expire;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;

/** Dovecot's extra fields as Postbox reads and writes them in the passwd-file. */
class ExtraFieldsTest {

    @Test
    void quotaRulesAreReadInDovecotsUnits() {
        assertThat(quota("userdb_quota_rule=*:storage=1G")).isEqualTo(new MailboxQuota(1L << 30, 0));
        assertThat(quota("userdb_quota_rule=*:storage=2048")).isEqualTo(new MailboxQuota(2048L * 1024, 0));
        assertThat(quota("userdb_quota_rule=*:storage=100M:messages=500")).isEqualTo(new MailboxQuota(100L << 20, 500));
        assertThat(quota("userdb_quota_rule=*:bytes=12345")).isEqualTo(new MailboxQuota(12345, 0));
        assertThat(quota("userdb_quota_rule=?:bytes=10b")).isEqualTo(new MailboxQuota(10, 0));
        assertThat(quota("userdb_quota_rule=*:messages=7 userdb_home=/srv/mail")).isEqualTo(new MailboxQuota(0, 7));
    }

    @Test
    void rulesForSingleFoldersOrUnreadableOnesLeaveTheMailboxUnlimited() {
        assertThat(quota("userdb_quota_rule=Trash:storage=+100M")).isEqualTo(MailboxQuota.UNLIMITED);
        assertThat(quota("userdb_quota_rule=*:storage=10%")).isEqualTo(MailboxQuota.UNLIMITED);
        assertThat(quota("userdb_quota_rule=*:storage=")).isEqualTo(MailboxQuota.UNLIMITED);
        assertThat(quota("userdb_quota_rule=*:storage=99999999999999999999")).isEqualTo(MailboxQuota.UNLIMITED);
        assertThat(quota("quota_rule=*:storage=1G")).isEqualTo(MailboxQuota.UNLIMITED);
        assertThat(quota("")).isEqualTo(MailboxQuota.UNLIMITED);
    }

    @Test
    void limitsAreWrittenInBytesAndOnlyWhenSet() {
        ExtraFields fields = ExtraFields.parse("userdb_home=/srv/a userdb_quota_rule=*:storage=1G allow_nets=10.0.0.0/8");

        assertThat(fields.withQuota(new MailboxQuota(5000, 20)).render())
                .isEqualTo("userdb_home=/srv/a allow_nets=10.0.0.0/8 userdb_quota_rule=*:bytes=5000:messages=20");
        assertThat(fields.withQuota(new MailboxQuota(0, 20)).render())
                .isEqualTo("userdb_home=/srv/a allow_nets=10.0.0.0/8 userdb_quota_rule=*:messages=20");
        assertThat(fields.withQuota(MailboxQuota.UNLIMITED).render()).isEqualTo("userdb_home=/srv/a allow_nets=10.0.0.0/8");
        assertThat(ExtraFields.parse(fields.withQuota(new MailboxQuota(5000, 20)).render()).quota())
                .isEqualTo(new MailboxQuota(5000, 20));
    }

    @Test
    void suspensionIsDovecotsNologin() {
        assertThat(ExtraFields.parse("nologin reason=unpaid").noLogin()).isTrue();
        assertThat(ExtraFields.parse("nologin=y").noLogin()).isTrue();
        assertThat(ExtraFields.parse("nologins=0 userdb_home=/x").noLogin()).isFalse();
        assertThat(ExtraFields.parse("userdb_home=/x").withNoLogin(true).render()).isEqualTo("userdb_home=/x nologin");
        assertThat(ExtraFields.parse("nologin userdb_home=/x").withNoLogin(false).render()).isEqualTo("userdb_home=/x");
    }

    @Test
    void changingExtraFieldsKeepsEveryOtherField() {
        MailboxAddress alice = MailboxAddress.parse("alice@example.org");
        MailboxAddress bob = MailboxAddress.parse("bob@example.org");
        PasswdEntries entries = new PasswdEntries(List.of(
                "alice@example.org:{PLAIN}a:1000:1000:Alice:/home/alice:/bin/false:userdb_quota_rule=*:storage=1G",
                "bob@example.org:{PLAIN}b",
                "alice@example.org:{PLAIN}second::::::\r"));

        PasswdEntries changed = entries
                .withExtraFields(alice, fields -> fields.withNoLogin(true).withQuota(new MailboxQuota(10, 0)))
                .withExtraFields(bob, fields -> fields.withNoLogin(true));

        assertThat(changed.render()).isEqualTo(
                "alice@example.org:{PLAIN}a:1000:1000:Alice:/home/alice:/bin/false:nologin userdb_quota_rule=*:bytes=10\n"
                        + "bob@example.org:{PLAIN}b::::::nologin\n"
                        + "alice@example.org:{PLAIN}second::::::nologin userdb_quota_rule=*:bytes=10\r\n");
        assertThat(changed.passwordHash(alice)).contains("{PLAIN}a");
        assertThat(changed.extraFields(alice).quota()).isEqualTo(new MailboxQuota(10, 0));
        assertThat(changed.extraFields(bob).noLogin()).isTrue();
        assertThat(entries.extraFields(bob)).isEqualTo(ExtraFields.NONE);
    }

    private static MailboxQuota quota(String extraFields) {
        return ExtraFields.parse(extraFields).quota();
    }

    @Test
    void aMailboxsOwnExpireIsOneTokenAndAbsentWhenItInherits() {
        ExtraFields fields = ExtraFields.parse("userdb_quota_rule=*:bytes=100 nologin");
        assertThat(fields.expire()).isEmpty();

        ExtraFields thirty = fields.withExpire(Optional.of(Expire.days(30)));
        assertThat(thirty.render()).isEqualTo("userdb_quota_rule=*:bytes=100 nologin postbox_expire=30");
        assertThat(thirty.withExpire(Optional.of(Expire.NEVER)).render())
                .isEqualTo("userdb_quota_rule=*:bytes=100 nologin postbox_expire=never");
        assertThat(ExtraFields.parse("postbox_expire=never").expire()).contains(Expire.NEVER);
        assertThat(thirty.withExpire(Optional.empty())).isEqualTo(fields);
        // Written by hand and wrong: the domain's applies, nothing expires sooner by mistake.
        assertThat(ExtraFields.parse("postbox_expire=soon").expire()).isEmpty();
    }
}
