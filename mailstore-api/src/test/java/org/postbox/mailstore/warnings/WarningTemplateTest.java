package org.postbox.mailstore.warnings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.mailstore.MailboxAddress;
import org.postbox.mailstore.MailboxQuota;
import org.postbox.mailstore.QuotaUsage;
import org.postbox.mailstore.UsageChange;

/** Template files: their syntax, their placeholders, how one is chosen, and what a broken one does. */
class WarningTemplateTest {

    private static final UsageChange CROSSED = new UsageChange(MailboxAddress.parse("alice@example.org"),
            new QuotaUsage(79_000, 40), new QuotaUsage(838_861, 41), new MailboxQuota(1_048_576, 0));

    private static final Map<String, String> VALUES = WarningMessage.values(CROSSED, 80);

    @TempDir
    Path dir;

    @Test
    void everyPlaceholderHasAValue() {
        assertThat(VALUES.keySet()).containsExactlyInAnyOrderElementsOf(WarningTemplate.PLACEHOLDERS);
        assertThat(VALUES).containsEntry("address", "alice@example.org").containsEntry("domain", "example.org")
                .containsEntry("percent", "80").containsEntry("threshold", "80")
                .containsEntry("used", "819.2 KB").containsEntry("limit", "1.0 MB")
                .containsEntry("used-octets", "838861").containsEntry("limit-octets", "1048576")
                .containsEntry("messages", "41").containsEntry("message-limit", "no limit");
    }

    @Test
    void aSubjectLineThenAnEmptyLineThenTheBody() {
        WarningTemplate template = WarningTemplate.parse("""
                Subject: {address}: {percent}% {{full}

                Hello {address},
                you use {used} of {limit} ({used-octets} of {limit-octets} octets), {messages} messages.
                """);

        WarningTemplate.Rendered text = template.render(VALUES);

        assertThat(text.subject()).isEqualTo("alice@example.org: 80% {full}");
        assertThat(text.body()).isEqualTo("Hello alice@example.org,\n"
                + "you use 819.2 KB of 1.0 MB (838861 of 1048576 octets), 41 messages.\n");
    }

    @Test
    void withoutASubjectLineTheWholeFileIsTheBody() {
        WarningTemplate.Rendered text = WarningTemplate.parse("Mailbox {address} crossed {threshold}%.").render(VALUES);

        assertThat(text.subject()).isEqualTo("Your mailbox alice@example.org is 80% full");
        assertThat(text.body()).isEqualTo("Mailbox alice@example.org crossed 80%.\n");
    }

    @Test
    void theBuiltInTextNamesTheUsage() {
        WarningTemplate.Rendered text = WarningTemplate.BUILT_IN.render(VALUES);

        assertThat(text.subject()).isEqualTo("Your mailbox alice@example.org is 80% full");
        assertThat(text.body()).contains("has reached 80% of its quota", "crossed the 80% warning level",
                "Storage used: 819.2 KB of 1.0 MB", "Messages:     41 of no limit");
    }

    @Test
    void problemsNameTheirLine() {
        assertThatThrownBy(() -> WarningTemplate.parse("Subject: x\n\nline two\nhello {name}\n"))
                .hasMessage("line 4: unknown placeholder {name}; known are [{address}, {domain}, {limit}, {limit-octets},"
                        + " {message-limit}, {messages}, {percent}, {threshold}, {used}, {used-octets}]");
        assertThatThrownBy(() -> WarningTemplate.parse("a {percent\n}"))
                .hasMessage("line 1: '{' without a closing '}' on the same line (write {{ for a literal brace)");
        assertThatThrownBy(() -> WarningTemplate.parse("Subject: x\nbody")).hasMessageStartingWith("line 2 must be empty");
        assertThatThrownBy(() -> WarningTemplate.parse("Subject:\n\nbody")).hasMessage("line 1: the Subject line is empty");
        assertThatThrownBy(() -> WarningTemplate.parse("Subject: x\n\n \n")).hasMessage("the body is empty");
        assertThatThrownBy(() -> WarningTemplate.parse("ok\n" + "x".repeat(901)))
                .hasMessage("line 2 is longer than 900 octets");
        assertThatThrownBy(() -> WarningTemplate.parse(new byte[] {'a', (byte) 0xff})).hasMessage("not valid UTF-8");
    }

    @Test
    void theDomainsFileComesFirstThenDefaultThenTheBuiltInText() throws Exception {
        List<String> broken = new ArrayList<>();
        WarningTemplates templates = new WarningTemplates(Optional.of(dir), observer(broken));
        assertThat(templates.forDomain("example.org")).isSameAs(WarningTemplate.BUILT_IN);

        Files.writeString(dir.resolve("default.txt"), "Subject: default\n\nfor {domain}\n");
        Files.writeString(dir.resolve("example.org.txt"), "Subject: own\n\nfor {address}\n");

        assertThat(templates.forDomain("example.org").render(VALUES).subject()).isEqualTo("own");
        assertThat(templates.forDomain("example.net").render(VALUES).subject()).isEqualTo("default");
        assertThat(new WarningTemplates(Optional.empty(), observer(broken)).forDomain("example.org"))
                .isSameAs(WarningTemplate.BUILT_IN);
        assertThat(broken).isEmpty();
    }

    @Test
    void aBrokenFileIsReportedWithItsProblemAndTheBuiltInTextUsed() throws Exception {
        List<String> broken = new ArrayList<>();
        Path file = dir.resolve("example.org.txt");
        Files.write(file, "Subject: {percentage}\n\nbody\n".getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("default.txt"), "Subject: default\n\nfor {domain}\n");

        WarningTemplate chosen = new WarningTemplates(Optional.of(dir), observer(broken)).forDomain("example.org");

        assertThat(chosen).isSameAs(WarningTemplate.BUILT_IN);
        assertThat(broken).singleElement().asString().startsWith(file + ": line 1: unknown placeholder {percentage}");
    }

    private static QuotaWarningObserver observer(List<String> broken) {
        return new QuotaWarningObserver() {
            @Override
            public void sent(MailboxAddress mailbox, int threshold) {
            }

            @Override
            public void notStored(MailboxAddress mailbox, int threshold, String reason) {
            }

            @Override
            public void templateBroken(Path file, String problem) {
                broken.add(file + ": " + problem);
            }
        };
    }
}
