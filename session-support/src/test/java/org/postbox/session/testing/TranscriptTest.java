package org.postbox.session.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TranscriptTest {

    @TempDir
    Path temp;

    private Transcript parse(String... lines) throws IOException {
        Path file = temp.resolve("example.txt");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return Transcript.parse(file);
    }

    @Test
    void readsTheConversationInOrder() throws IOException {
        Transcript transcript = parse(
                "## a comment",
                "S: +OK ready",
                "C: USER {{x*3}}",
                "",
                "P: NOOP",
                "R: raw\\r\\n\\ttext",
                "P: QUIT",
                "S: +OK {{\\d+}} octets",
                "* closed",
                "* drop");

        assertThat(transcript.name()).isEqualTo("example.txt");
        assertThat(transcript.steps()).hasSize(6);
        assertThat(transcript.steps().get(1)).isEqualTo(new Transcript.Send(3, "USER xxx\r\n"));
        assertThat(transcript.steps().get(2)).as("P: and R: lines go out in one write")
                .isEqualTo(new Transcript.Send(5, "NOOP\r\nraw\r\n\ttextQUIT\r\n"));
        Transcript.Expect octets = (Transcript.Expect) transcript.steps().get(3);
        assertThat(octets.pattern().matcher("+OK 42 octets").matches()).isTrue();
        assertThat(octets.pattern().matcher("+OK x octets").matches()).isFalse();
        assertThat(transcript.steps().get(4)).isEqualTo(new Transcript.ExpectClosed(9));
        assertThat(transcript.steps().get(5)).isEqualTo(new Transcript.Drop(10));
    }

    @Test
    void serverLinesAreLiteralOutsideTheirRegularExpressions() throws IOException {
        Transcript.Expect expect = (Transcript.Expect) parse("S: +OK a.b (c) {{[0-9]{2,3}}}").steps().get(0);
        assertThat(expect.pattern().matcher("+OK a.b (c) 123").matches()).isTrue();
        assertThat(expect.pattern().matcher("+OK aXb (c) 123").matches()).as("the dot is literal").isFalse();
    }

    @Test
    void directivesKeepTheirArgumentsAndLineNumbers() throws IOException {
        Transcript transcript = parse("# mailbox alice@example.com two words", "# expect-body alice@example.com 1 ");

        Transcript.Directive mailbox = transcript.directives().get(0);
        assertThat(mailbox.keyword()).isEqualTo("mailbox");
        assertThat(mailbox.argument(0)).isEqualTo("alice@example.com");
        assertThat(mailbox.rest(1)).isEqualTo("two words");
        assertThatThrownBy(() -> mailbox.argument(3)).hasMessageContaining("line 1");

        Transcript.Directive body = transcript.directives().get(1);
        assertThat(body.lineNumber()).isEqualTo(2);
        assertThat(body.rest(2)).as("nothing after the last argument").isEmpty();
    }

    @Test
    void anUnknownLineIsRefusedWithItsNumber() {
        assertThatThrownBy(() -> parse("S: +OK", "X: what")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> parse("C:NOOP")).hasMessageContaining("expected a space");
    }

    @Test
    void unescapesLikeJava() {
        assertThat(Transcript.unescape("a\\nb\\rc\\td\\\\e\\.")).isEqualTo("a\nb\rc\td\\e.");
    }
}
