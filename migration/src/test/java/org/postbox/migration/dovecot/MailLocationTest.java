package org.postbox.migration.dovecot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postbox.migration.Fixtures;

class MailLocationTest {

    /** The templates and paths doveadm printed (answers/mail-locations: template, user, home, mailbox, control). */
    static Stream<Arguments> expandedByDovecot() {
        return Fixtures.lines(Fixtures.dovecot().resolve("answers/mail-locations")).stream()
                .map(line -> line.split("\t", -1))
                .map(fields -> Arguments.of(fields[0], fields[1], fields[2], fields[3], fields[4]));
    }

    @ParameterizedTest(name = "{0} for {1}")
    @MethodSource("expandedByDovecot")
    void resolvesAsDovecotDoes(String template, String user, String home, String mailbox, String control) {
        MailUser mailUser = new MailUser(user, Optional.of(home), Optional.of("8"), Optional.of("8"));

        MaildirLocation location = MailLocation.parse(template).resolve(mailUser, Optional.empty());

        // doveadm prints paths as Dovecot builds them; "/srv//x" and "/srv/%//x" name the same directories as ours.
        assertThat(location.maildir()).isEqualTo(Path.of(mailbox).normalize());
        assertThat(location.controlDirectory()).isEqualTo(Path.of(control).normalize());
    }

    @Test
    void relativeLocationsAreTakenUnderTheMailRoot() {
        MaildirLocation location = MailLocation.parse("%d/%n/Maildir")
                .resolve(new MailUser("alice@example.com"), Optional.of(Path.of("/var/vmail")));

        assertThat(location.maildir()).isEqualTo(Path.of("/var/vmail/example.com/alice/Maildir"));
        assertThat(location.uidlist()).isEqualTo(Path.of("/var/vmail/example.com/alice/Maildir/dovecot-uidlist"));
        assertThat(MailLocation.parse("%d/%n").resolve(new MailUser("bob@example.org"), Optional.of(Path.of("/m"))).maildir())
                .isEqualTo(Path.of("/m/example.org/bob"));
    }

    @Test
    void parametersThatDoNotSayWhereTheInboxIsAreNotExpanded() {
        MaildirLocation location = MailLocation.parse("maildir:/m/%d/%n:INDEX=/idx/%s/%n:VOLATILEDIR=/run/%{pid}")
                .resolve(new MailUser("a@b.example"), Optional.empty());

        assertThat(location.maildir()).isEqualTo(Path.of("/m/b.example/a"));
    }

    @Test
    void aUserWithoutDomainHasAnEmptyDomain() {
        MailUser user = new MailUser("bob");

        assertThat(user.username()).isEqualTo("bob");
        assertThat(user.domain()).isEmpty();
        assertThat(MailLocation.parse("maildir:/m/%n/%d").resolve(user, Optional.empty()).maildir()).isEqualTo(Path.of("/m/bob"));
    }

    @Test
    void refusesWhatCannotBeImportedOrResolved() {
        assertThatThrownBy(() -> MailLocation.parse("mbox:~/mail:INBOX=/var/mail/%u"))
                .hasMessageContaining("mbox format; only Maildir can be imported");
        assertThatThrownBy(() -> MailLocation.parse("mdbox:~/mdbox")).hasMessageContaining("mdbox format");
        assertThatThrownBy(() -> MailLocation.parse("maildir:")).hasMessageContaining("has no path");
        assertThatThrownBy(() -> MailLocation.parse("maildir:/m/%s/%n")).hasMessageContaining("uses %s");
        assertThatThrownBy(() -> MailLocation.parse("maildir:~/Maildir").resolve(new MailUser("a@b.example"), Optional.empty()))
                .hasMessageContaining("starts with ~ but a@b.example has no home directory");
        assertThatThrownBy(() -> MailLocation.parse("%d/%n").resolve(new MailUser("a@b.example"), Optional.empty()))
                .hasMessageContaining("relative path b.example/a").hasMessageContaining("no mail root");
        assertThatThrownBy(() -> MailLocation.parse("%n/../../etc").resolve(new MailUser("a@b.example"), Optional.of(Path.of("/m"))))
                .hasMessageContaining("out of the mail root");
        assertThatThrownBy(() -> MailLocation.parse("maildir:/m/%h").resolve(new MailUser("a@b.example"), Optional.empty()))
                .hasMessageContaining("no home directory for %h");
    }

    @Test
    void theFixtureCoversTheLayoutsOfIssue12() {
        List<String> templates = Fixtures.lines(Fixtures.dovecot().resolve("answers/mail-locations")).stream()
                .map(line -> line.split("\t")[0]).distinct().toList();

        assertThat(templates).contains("maildir:/srv/mail/%d/%n/Maildir", "maildir:/srv/mail/%d/%n", "maildir:/srv/%u",
                "maildir:~/Maildir", "maildir:/srv/%Ud/%Ln", "maildir:/srv/%{domain}/%{username}/%{user}");
    }
}
