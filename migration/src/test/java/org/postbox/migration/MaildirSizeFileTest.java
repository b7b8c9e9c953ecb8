package org.postbox.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.MailboxQuota;

class MaildirSizeFileTest {

    @TempDir
    Path dir;

    @Test
    void readsTheMaildirsizeCourierKept() throws IOException {
        // maildirmake -q 10000000S,100C, deliverquota and a POP3 deletion wrote it
        Path maildir = Fixtures.courier().resolve("mail/example.com/alice/Maildir");

        MaildirSizeFile size = MaildirSizeFile.read(maildir.resolve("maildirsize")).orElseThrow();

        assertThat(size.limits()).isEqualTo(new MailboxQuota(10_000_000, 100));
        long octets = Fixtures.messageFiles(maildir).stream()
                .mapToLong(name -> new MaildirFileName(name).fileSize().orElseThrow()).sum();
        assertThat(size.usedOctets()).isEqualTo(octets);
        assertThat(size.usedMessages()).isEqualTo(Fixtures.messageFiles(maildir).size());
        assertThat(size.problems()).isEmpty();
    }

    @Test
    void aBadLineCountsForNothingAndIsReported() throws IOException {
        Path file = dir.resolve("maildirsize");
        Files.writeString(file, "1000S\n   10 1\nx y\n  -4   -1\n5\n");

        MaildirSizeFile size = MaildirSizeFile.read(file).orElseThrow();

        assertThat(size.usedOctets()).isEqualTo(6);
        assertThat(size.usedMessages()).isEqualTo(0);
        assertThat(size.problems()).extracting(SourceProblem::line).containsExactly(3L, 5L);
        assertThat(size.problems().get(0).reason()).isEqualTo("expected '<octets> <messages>' (two whole numbers), found 'x y'");
    }

    @Test
    void withoutAQuotaDefinitionTheFileIsUnreadable() throws IOException {
        Path file = dir.resolve("maildirsize");
        Files.writeString(file, "1G\n0 0\n");
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "");

        assertThatThrownBy(() -> MaildirSizeFile.read(file)).isInstanceOf(SourceFormatException.class)
                .hasMessageStartingWith(file + ":1: the first line is not a Maildir++ quota definition");
        assertThat(MaildirSizeFile.read(empty)).isEmpty();
    }
}
