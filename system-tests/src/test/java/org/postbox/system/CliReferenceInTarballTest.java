package org.postbox.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an administrator unpacks is what the docs promise: the tarball itself (not only the
 * directory the build assembled) holds the bash completion and the man pages of the commands,
 * the new ones of issue 13 among them, and the completion works in bash.
 */
class CliReferenceInTarballTest {

    /** The commands issue 13 added, each with a page of its own. */
    private static final List<String> NEW_PAGES = List.of("postbox-alias.1", "postbox-alias-add.1", "postbox-alias-set.1",
            "postbox-alias-list.1", "postbox-alias-remove.1", "postbox-admin-token.1", "postbox-admin-token-create.1",
            "postbox-admin-token-list.1", "postbox-admin-token-revoke.1", "postbox-apply.1", "postbox-who.1",
            "postbox-kick.1", "postbox-reload.1", "postbox-mailbox-rename.1", "postbox-mailbox-pop3.1",
            "postbox-domain-pop3.1");

    /** Path in the tarball (below its top folder) to content, of completion/ and man/ only. */
    private static Map<String, String> reference;

    @BeforeAll
    static void readTarball() throws IOException {
        String property = System.getProperty("postbox.tarball");
        assertThat(property).as("postbox.tarball is not set: run these tests through Maven").isNotNull();
        Path tarball = Path.of(property);
        assertThat(tarball).as("the distribution's tarball; build it with ./mvnw -pl system-tests -am verify").isRegularFile();
        reference = new TreeMap<>();
        try (InputStream file = new BufferedInputStream(Files.newInputStream(tarball));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName().substring(entry.getName().indexOf('/') + 1);
                if (entry.isFile() && (name.startsWith("completion/") || name.startsWith("man/"))) {
                    reference.put(name, new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
    }

    @Test
    void theTarballHoldsAManPageOfEveryNewCommand() {
        assertThat(reference).containsKey("man/man1/postbox.1");
        for (String page : NEW_PAGES) {
            assertThat(reference).as("the tarball's man/man1/").containsKey("man/man1/" + page);
            assertThat(reference.get("man/man1/" + page)).as(page).startsWith(".TH ");
        }
        assertThat(reference.get("man/man1/postbox.1")).as("postbox(1) lists the new commands")
                .contains("alias").contains("admin-token").contains("apply").contains("who").contains("kick");
    }

    @Test
    void theTarballsCompletionOffersTheNewCommands(@TempDir Path dir) throws IOException {
        String completion = reference.get("completion/postbox");
        assertThat(completion).as("the tarball's completion/postbox").isNotNull()
                .contains("alias").contains("admin-token").contains("apply");
        Path script = Files.writeString(dir.resolve("postbox"), completion);

        // What bash offers after "postbox a<TAB>", with the script sourced as the docs say.
        String offered = complete(script, dir, "postbox a");
        assertThat(offered.lines()).as("completions of 'postbox a'").contains("alias", "admin-token", "apply");
        assertThat(complete(script, dir, "postbox alias ").lines()).as("completions of 'postbox alias '")
                .contains("add", "set", "list", "remove");
    }

    /** The words bash's completion function offers for {@code line}, one a line. */
    private static String complete(Path script, Path dir, String line) {
        String bash = "source \"$1\"\n"
                + "COMP_LINE=$2; COMP_POINT=${#COMP_LINE}\n"
                + "read -r -a COMP_WORDS <<< \"$COMP_LINE\"\n"
                + "case $COMP_LINE in *' ') COMP_WORDS+=(''); esac\n"
                + "COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n"
                + "_complete_postbox postbox \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\"\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        ChildProcess.Finished finished = ChildProcess.run(List.of("bash", "-c", bash, "bash", script.toString(), line), dir,
                Map.of(), dir, "bash-completion", Duration.ofSeconds(30));
        assertThat(finished.exitCode()).as(finished.describe()).isZero();
        return finished.out();
    }
}
