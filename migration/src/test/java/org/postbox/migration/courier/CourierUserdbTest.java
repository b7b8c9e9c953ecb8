package org.postbox.migration.courier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.migration.Fixtures;
import org.postbox.migration.SourcePassword;
import org.postbox.migration.SourceProblem;
import org.postbox.password.PasswordSchemes;

class CourierUserdbTest {

    @TempDir
    Path dir;

    @Test
    void readsTheUserdbCouriersToolsWrote() throws IOException {
        CourierUserdb userdb = CourierUserdb.read(Fixtures.courier().resolve("userdb"), Optional.empty());

        assertThat(userdb.problems()).isEmpty();
        assertThat(userdb.accounts()).extracting(account -> account.address().toString())
                .containsExactly("alice@example.com", "bob@example.org", "carol@example.com", "dave@example.com");
        CourierAccount alice = userdb.accounts().get(0);
        assertThat(alice.quota()).contains(new MailboxQuota(10_000_000, 100));
        assertThat(alice.maildir(CourierAccount.DEFAULT_MAILDIR)).isEqualTo(Path.of("/home/vmail/example.com/alice/Maildir"));
        assertThat(alice.field("uid")).contains("8");
        assertThat(alice.password()).isInstanceOfSatisfying(SourcePassword.Usable.class, usable -> {
            assertThat(usable.stored()).startsWith("{MD5-CRYPT}$1$");
            assertThat(PasswordSchemes.verify(usable.stored(), "alice-secret")).isTrue();
        });
        CourierAccount bob = userdb.accounts().get(1);
        assertThat(bob.mail()).isEmpty();
        assertThat(bob.maildir(CourierAccount.DEFAULT_MAILDIR)).isEqualTo(Path.of("/home/vmail/example.org/bob/Maildir"));
        assertThat(bob.password()).isEqualTo(new SourcePassword.Unusable(
                "a traditional DES crypt(3) hash, which Postbox does not verify"));
        // carol's POP3-only password is the one POP3 logins used
        assertThat(userdb.accounts().get(2).password()).isInstanceOfSatisfying(SourcePassword.Usable.class,
                usable -> assertThat(PasswordSchemes.verify(usable.stored(), "carol-secret")).isTrue());
        assertThat(userdb.accounts().get(3).password()).isEqualTo(new SourcePassword.Missing());
        assertThat(userdb.accounts().get(3).quota()).isEmpty();
    }

    @Test
    void aDirectoryCountsAsOneFileAndBadLinesAreReported() throws IOException {
        Path userdb = dir.resolve("userdb");
        Files.createDirectories(userdb.resolve("sub"));
        Files.writeString(userdb.resolve("a"), String.join("\n",
                "# accounts of example.com",
                "ann\thome=/home/ann|systempw={SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=|quota=10M",
                "1000=\tann",
                "no tab here",
                "bad name\thome=/x",
                ""));
        Files.writeString(userdb.resolve("sub/b"), "ann@example.com\thome=/elsewhere\nbea@example.org\tmail=/mail/bea|\n");
        Files.writeString(userdb.resolve(".lock.a"), "locked\tby userdb\n");

        CourierUserdb read = CourierUserdb.read(userdb, Optional.of("example.com"));

        assertThat(read.accounts()).extracting(account -> account.address().toString())
                .containsExactly("ann@example.com", "bea@example.org");
        assertThat(read.accounts().get(0).password()).isInstanceOf(SourcePassword.Usable.class);
        assertThat(read.accounts().get(1).maildir("Maildir")).isEqualTo(Path.of("/mail/bea"));
        assertThat(read.problems()).extracting(SourceProblem::file).extracting(Path::getFileName).extracting(Path::toString)
                .containsExactly("a", "a", "a", "b");
        assertThat(read.problems()).extracting(SourceProblem::reason).satisfiesExactly(
                reason -> assertThat(reason).contains("ann@example.com: quota:", "'10M'", "imported without a quota"),
                reason -> assertThat(reason).contains("there is no tab after the name"),
                reason -> assertThat(reason).contains("invalid local part"),
                reason -> assertThat(reason).contains("ann@example.com is in", "line 2 already"));
    }
}
