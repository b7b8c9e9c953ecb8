package org.postbox.session.testing;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plays the conversation of a {@link Transcript} over a real connection and checks every server
 * line; set-up and checks around it are the protocol runner's.
 */
public final class TranscriptRunner {

    private TranscriptRunner() {
    }

    /** The {@code .txt} files of the class path folder {@code /transcripts} next to {@code anchor}'s classes, sorted. */
    public static List<Path> transcriptFiles(Class<?> anchor) throws IOException, URISyntaxException {
        URL root = anchor.getResource("/transcripts");
        assertThat(root).as("transcripts on the test class path").isNotNull();
        List<Path> files;
        try (Stream<Path> entries = Files.list(Path.of(root.toURI()))) {
            files = entries.filter(path -> path.toString().endsWith(".txt")).sorted().toList();
        }
        assertThat(files).as("transcript files").isNotEmpty();
        return files;
    }

    /**
     * Sends the client's parts and expects the server's, in order, on {@code client}; returns
     * after the last step, or at once after a {@code * drop}, which closes the socket.
     */
    public static void converse(Transcript transcript, LineClient client) throws IOException {
        for (Transcript.Step step : transcript.steps()) {
            if (step instanceof Transcript.Send send) {
                client.sendRaw(send.text());
            } else if (step instanceof Transcript.Expect expect) {
                String line = client.readLine();
                assertThat(line).as("%s line %d: expected '%s' but the connection was closed",
                        transcript.name(), expect.lineNumber(), expect.source()).isNotNull();
                assertThat(expect.pattern().matcher(line).matches())
                        .as("%s line %d: expected '%s' but the server sent '%s'",
                                transcript.name(), expect.lineNumber(), expect.source(), line)
                        .isTrue();
            } else if (step instanceof Transcript.ExpectClosed closed) {
                String line = client.readLine();
                assertThat(line).as("%s line %d: expected the server to close the connection but it sent '%s'",
                        transcript.name(), closed.lineNumber(), line).isNull();
            } else if (step instanceof Transcript.Drop) {
                client.socket().close();
                return;
            }
        }
    }
}
