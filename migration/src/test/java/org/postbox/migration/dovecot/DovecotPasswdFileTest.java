package org.postbox.migration.dovecot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.migration.Fixtures;
import org.postbox.migration.SourcePassword;
import org.postbox.migration.SourceProblem;
import org.postbox.password.PasswordSchemes;

class DovecotPasswdFileTest {

    @TempDir
    Path dir;

    @Test
    void readsThePasswdFileDovecotAuthenticatedAgainst() throws IOException {
        DovecotPasswdFile passwd = DovecotPasswdFile.read(Fixtures.dovecot().resolve("passwd"), Optional.empty(),
                DovecotPasswdFile.DEFAULT_SCHEME);

        assertThat(passwd.accounts()).extracting(account -> account.address().toString()).containsExactly(
                "alice@example.com", "bob@example.org", "carol@example.com", "dave@example.com", "erin@example.org",
                "frank@example.org", "grace@example.com", "henry@example.net", "ivan@example.org");
        PasswdAccount alice = passwd.accounts().get(0);
        assertThat(alice.line()).isEqualTo(2);
        assertThat(alice.quota()).contains(new MailboxQuota(1L << 30, 0));
        assertThat(alice.uid()).isEmpty();
        assertThat(alice.home()).isEmpty();
        // The hashes are kept as they are and still accept the passwords Dovecot accepted.
        assertThat(alice.password()).isInstanceOfSatisfying(SourcePassword.Usable.class, usable -> {
            assertThat(usable.stored()).startsWith("{SHA512-CRYPT}$6$");
            assertThat(usable.note()).isEmpty();
            assertThat(PasswordSchemes.verify(usable.stored(), "alice-secret")).isTrue();
        });
        assertThat(passwd.accounts().get(1).password()).isInstanceOfSatisfying(SourcePassword.Usable.class,
                usable -> assertThat(PasswordSchemes.verify(usable.stored(), "bob-secret")).isTrue());
        assertThat(passwd.accounts().get(2).password()).isInstanceOfSatisfying(SourcePassword.Usable.class,
                usable -> assertThat(PasswordSchemes.verify(usable.stored(), "other-secret")).isTrue());
        // henry keeps his mail in mbox, which cannot be imported: reported, the account itself is read.
        assertThat(passwd.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(9);
            assertThat(problem.reason()).contains("henry@example.net: userdb_mail:", "mbox format; only Maildir can be imported");
        });
    }

    @Test
    void accountsResolveToTheirMaildirs() throws IOException {
        DovecotPasswdFile passwd = DovecotPasswdFile.read(Fixtures.dovecot().resolve("passwd"), Optional.empty(),
                DovecotPasswdFile.DEFAULT_SCHEME);
        Path mail = Fixtures.dovecot().resolve("mail");
        MailLocation layout = MailLocation.parse("%d/%n/Maildir");

        for (PasswdAccount account : passwd.accounts()) {
            if (account.extraFields().mail().isPresent()) {
                continue; // henry (mbox) and ivan (~/: no home in the file)
            }
            MaildirLocation location = account.maildir(layout, Optional.of(mail));
            assertThat(location.uidlist()).as(account.address().toString()).exists();
        }
    }

    @Test
    void badLinesAreReportedWithTheirNumbersAndTheRestIsRead() throws IOException {
        Path file = dir.resolve("passwd");
        Files.write(file, String.join("\n",
                "# comment",
                "",
                "ann:{SSHA512}" + "A".repeat(88) + ":1000:1000::/home/ann::userdb_quota_rule=*:bytes=10M userdb_mail=maildir:~/Mail",
                "no-colon-here",
                "bad@@example.com:{PLAIN}x",
                ":{PLAIN}x",
                "ann@example.com:{PLAIN}again",
                "Bert@Example.COM:$6$salt$" + "b".repeat(86) + ":::::: nologin",
                "carl:*:::::",
                "dora@example.com::::::: nopassword",
                "emil@example.com:{PLAIN}x:::::: userdb_quota_rule=Trash:storage=+10%",
                "fred@example.com:!{PLAIN}x",
                "gina@example.com:{PLAIN-MD5}1a1dc91c907325c69271ddf0c944bc72",
                "").getBytes());
        Files.write(file, new byte[] {'h', '@', 'e', '.', 'x', ':', (byte) 0xff, '\n'}, java.nio.file.StandardOpenOption.APPEND);

        DovecotPasswdFile passwd = DovecotPasswdFile.read(file, Optional.of("example.com"), "CRYPT");

        assertThat(passwd.accounts()).extracting(PasswdAccount::address).extracting(MailboxAddress::toString).containsExactly(
                "ann@example.com", "bert@example.com", "carl@example.com", "dora@example.com", "emil@example.com",
                "fred@example.com", "gina@example.com");
        PasswdAccount ann = passwd.accounts().get(0);
        assertThat(ann.uid()).contains("1000");
        assertThat(ann.home()).contains("/home/ann");
        assertThat(ann.quota()).contains(new MailboxQuota(10L << 20, 0));
        assertThat(ann.maildir(MailLocation.parse("%d/%n"), Optional.of(Path.of("/m"))).maildir()).isEqualTo(Path.of("/home/ann/Mail"));
        PasswdAccount bert = passwd.accounts().get(1);
        assertThat(bert.extraFields().noLogin()).isTrue();
        assertThat(bert.password()).isInstanceOfSatisfying(SourcePassword.Usable.class, usable -> {
            assertThat(usable.stored()).startsWith("{SHA512-CRYPT}$6$salt$");
            assertThat(usable.note()).contains("default scheme CRYPT", "recognised as SHA512-CRYPT");
        });
        assertThat(passwd.accounts().get(2).password()).isInstanceOf(SourcePassword.Locked.class);
        assertThat(passwd.accounts().get(3).password()).isInstanceOf(SourcePassword.AnyPassword.class);
        assertThat(passwd.accounts().get(4).quota()).isEmpty();
        assertThat(passwd.accounts().get(5).password()).isInstanceOf(SourcePassword.Locked.class);
        assertThat(passwd.accounts().get(6).password()).isInstanceOfSatisfying(SourcePassword.Unusable.class,
                unusable -> assertThat(unusable.reason()).contains("{PLAIN-MD5}").doesNotContain("1a1dc91c"));

        assertThat(passwd.problems()).extracting(SourceProblem::line).containsExactly(4L, 5L, 6L, 7L, 11L, 14L);
        assertThat(passwd.problems()).extracting(SourceProblem::reason).satisfiesExactly(
                reason -> assertThat(reason).startsWith("no ':' after the user name"),
                reason -> assertThat(reason).contains("invalid"),
                reason -> assertThat(reason).isEqualTo("the user name is empty"),
                reason -> assertThat(reason).isEqualTo("ann@example.com is on line 3 already; Dovecot uses that line, so this one is not imported"),
                reason -> assertThat(reason).contains("emil@example.com:", "for the folder Trash", "imported without a quota"),
                reason -> assertThat(reason).isEqualTo("line is not UTF-8 text"));
    }

    @Test
    void aBareNameWithoutDefaultDomainIsAProblem() throws IOException {
        Path file = dir.resolve("passwd");
        Files.writeString(file, "ann:{PLAIN}x\n");

        DovecotPasswdFile passwd = DovecotPasswdFile.read(file, Optional.empty(), "CRYPT");

        assertThat(passwd.accounts()).isEmpty();
        assertThat(passwd.problems()).singleElement().hasToString(file + ":1: user 'ann' has no domain and no default domain was given");
    }
}
