package org.postbox.migration.dovecot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.postbox.migration.Fixtures;
import org.postbox.migration.Fixtures.Answer;
import org.postbox.migration.MaildirFileName;
import org.postbox.migration.UidlOutcome;

/**
 * The UIDLs and order worked out from a Maildir and its dovecot-uidlist are exactly what Dovecot
 * 2.3 answered for the same Maildir (src/test/resources/dovecot/answers).
 */
class DovecotPop3UidlsTest {

    private static final Path MAIL = Fixtures.dovecot().resolve("mail");

    /** A message as our readers see it: file, record, and what we work out for it. */
    private record Listed(Path file, UidlistRecord record, UidlOutcome uidl) {
    }

    @ParameterizedTest(name = "{0} with pop3_uidl_format = {1}")
    @CsvSource(delimiter = '|', value = {
            "alice@example.com | %08Xu%08Xv | alice.default",
            "bob@example.org   | %08Xu%08Xv | bob.default",
            "alice@example.com | %f         | alice.f",
            "bob@example.org   | %f         | bob.f",
            "alice@example.com | %v.%u      | alice.v.u",
            "bob@example.org   | %v.%u      | bob.v.u",
            "alice@example.com | %g         | alice.g",
            "alice@example.com | %Mf        | alice.Mf",
            "bob@example.org   | %Mf        | bob.Mf",
            "alice@example.com | %08Xv%08Xu | alice.uw",
            "alice@example.com | %u         | alice.u",
            "bob@example.org   | %u         | bob.u",
            // pop3_save_uidl stored %v-%u for two messages; the third arrived after the format changed back
            "carol@example.com | %08Xu%08Xv | carol.default",
            // pop3_save_uidl stored %f, which Dovecot writes as an empty P
            "dave@example.com  | %08Xu%08Xv | dave.default",
            // O (POP3 order), P and G written into the uidlist as a migration tool would
            "erin@example.org  | %08Xu%08Xv | erin.default",
    })
    void uidlsAndOrderAreWhatDovecotAnswered(String user, String format, String answers) throws IOException {
        MaildirLocation location = MailLocation.parse("%d/%n/Maildir").resolve(new MailUser(user), Optional.of(MAIL));
        DovecotPop3Uidls uidls = new DovecotPop3Uidls(Pop3UidlFormat.parse(format), false, HeaderMd5.Variant.APOP3D);

        List<Listed> listing = list(location, DovecotUidlist.read(location.uidlist()), uidls);

        assertMatches(listing, Fixtures.answers(Fixtures.dovecot().resolve("answers").resolve(answers)));
    }

    @Test
    void versionOneUidlistGivesTheUidlsDovecotAnsweredFromIt() throws IOException {
        // frank's uidlist was rewritten in version 1 before Dovecot answered; Dovecot has since rewritten it as version 3.
        MaildirLocation location = MailLocation.parse("%d/%n/Maildir")
                .resolve(new MailUser("frank@example.org"), Optional.of(MAIL));
        DovecotUidlist uidlist = DovecotUidlist.read(Fixtures.dovecot().resolve("frank-uidlist-v1"));

        assertThat(uidlist.header().version()).isEqualTo(1);
        assertMatches(list(location, uidlist, DovecotPop3Uidls.defaults()),
                Fixtures.answers(Fixtures.dovecot().resolve("answers/frank.default")));
    }

    @Test
    void uidlistInASeparateControlDirectoryIsFound() throws IOException {
        // ivan's userdb_mail is maildir:~/Maildir:CONTROL=~/control:INDEX=~/index
        Path home = MAIL.resolve("example.org/ivan");
        MaildirLocation location = MailLocation.parse("maildir:~/Maildir:CONTROL=~/control:INDEX=~/index")
                .resolve(new MailUser("ivan@example.org", Optional.of(home.toString()), Optional.empty(), Optional.empty()),
                        Optional.empty());

        assertThat(location.uidlist()).isEqualTo(home.resolve("control/.INBOX/dovecot-uidlist")).exists();
        assertMatches(list(location, DovecotUidlist.read(location.uidlist()), DovecotPop3Uidls.defaults()),
                Fixtures.answers(Fixtures.dovecot().resolve("answers/ivan.default")));
    }

    @Test
    void xUidlHeadersAreServedWhenDovecotReusedThem() throws IOException {
        MaildirLocation location = MailLocation.parse("%d/%n/Maildir")
                .resolve(new MailUser("grace@example.com"), Optional.of(MAIL));
        DovecotPop3Uidls uidls = new DovecotPop3Uidls(Pop3UidlFormat.parse(Pop3UidlFormat.DEFAULT), true,
                HeaderMd5.Variant.APOP3D);

        List<Listed> listing = list(location, DovecotUidlist.read(location.uidlist()), uidls);
        List<Answer> answers = Fixtures.answers(Fixtures.dovecot().resolve("answers/grace.xuidl"));

        assertThat(listing).hasSize(3);
        assertThat(listing.get(0).uidl()).isEqualTo(new UidlOutcome.Valid(answers.get(0).uidl()));
        // A folded X-UIDL: Dovecot sent it with its line break, which no client can read as one UIDL.
        assertThat(answers.get(1).continuation()).isEqualTo("  uidl");
        assertThat(listing.get(1).uidl()).isInstanceOfSatisfying(UidlOutcome.Invalid.class, invalid -> {
            assertThat(invalid.uidl()).isEqualTo(answers.get(1).uidl() + answers.get(1).continuation());
            assertThat(invalid.reason()).contains("a space", "folded over 2 lines");
        });
        // No X-UIDL: the format applies.
        assertThat(listing.get(2).uidl()).isEqualTo(new UidlOutcome.Valid(answers.get(2).uidl()));
    }

    @Test
    void storedUidlsWinOverTheFormat() throws IOException {
        MaildirLocation location = MailLocation.parse("%d/%n/Maildir")
                .resolve(new MailUser("carol@example.com"), Optional.of(MAIL));
        DovecotUidlist uidlist = DovecotUidlist.read(location.uidlist());
        // Whatever the format now, the stored ones stay what clients saw when they were stored.
        DovecotPop3Uidls byFileName = new DovecotPop3Uidls(Pop3UidlFormat.parse("%f"), false, HeaderMd5.Variant.APOP3D);
        List<Answer> saved = Fixtures.answers(Fixtures.dovecot().resolve("answers/carol.saved"));

        List<Listed> listing = list(location, uidlist, byFileName);

        assertThat(listing.subList(0, saved.size())).extracting(Listed::uidl)
                .containsExactlyElementsOf(saved.stream().map(a -> (UidlOutcome) new UidlOutcome.Valid(a.uidl())).toList());
        assertThat(listing.get(2).uidl()).isEqualTo(new UidlOutcome.Valid(listing.get(2).record().baseName()));
    }

    @Test
    void anUnreadableMessageMakesOnlyItsOwnUidlUnavailable() {
        UidlistRecord record = new UidlistRecord(2, 7, "gone:2,", Optional.empty(), java.util.OptionalLong.empty(),
                Optional.empty(), java.util.OptionalLong.empty(), java.util.OptionalLong.empty(), List.of());
        UidlistHeader header = new UidlistHeader(3, 1234, 8, Optional.empty(), List.of());
        DovecotPop3Uidls byMd5 = new DovecotPop3Uidls(Pop3UidlFormat.parse("%m"), false, HeaderMd5.Variant.APOP3D);

        assertThat(byMd5.uidl(header, record, Path.of("/nonexistent/gone"))).isInstanceOf(UidlOutcome.Unavailable.class);
        assertThat(DovecotPop3Uidls.defaults().uidl(header, record, Path.of("/nonexistent/gone")))
                .isEqualTo(new UidlOutcome.Valid("00000007000004d2"));
    }

    /** The Maildir's messages in Dovecot's POP3 order, each with the UIDL worked out for it. */
    private static List<Listed> list(MaildirLocation location, DovecotUidlist uidlist, DovecotPop3Uidls uidls) {
        List<Listed> listing = new ArrayList<>();
        for (String name : Fixtures.messageFiles(location.maildir())) {
            UidlistRecord record = uidlist.record(MaildirFileName.baseName(name)).orElseThrow(
                    () -> new AssertionError(name + " is not in " + uidlist.file()));
            Path file = Fixtures.messageFile(location.maildir(), name);
            listing.add(new Listed(file, record, uidls.uidl(uidlist.header(), record, file)));
        }
        listing.sort((a, b) -> DovecotPop3Uidls.POP3_ORDER.compare(a.record(), b.record()));
        assertThat(uidlist.problems()).isEmpty();
        return listing;
    }

    private static void assertMatches(List<Listed> listing, List<Answer> answers) {
        assertThat(listing).hasSameSizeAs(answers);
        for (int i = 0; i < answers.size(); i++) {
            Listed listed = listing.get(i);
            assertThat(listed.uidl()).as("UIDL of message %d, %s", i + 1, listed.file().getFileName())
                    .isEqualTo(new UidlOutcome.Valid(answers.get(i).uidl()));
            // The size Dovecot's LIST gave is the W= of the file name (or the W extension).
            long crlfSize = new MaildirFileName(listed.file().getFileName().toString()).crlfSize()
                    .orElseGet(() -> listed.record().virtualSize().orElseThrow());
            assertThat(crlfSize).as("size of message %d", i + 1).isEqualTo(answers.get(i).size());
        }
    }
}
