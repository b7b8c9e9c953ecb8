package org.postbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The completion script and the man pages the distribution ships are made from the command model. */
class ReferenceFilesTest {
    @TempDir
    Path dir;

    @Test
    void completionAndManPagesCoverEveryCommand() throws Exception {
        ReferenceFiles.write(dir);

        String completion = Files.readString(dir.resolve("completion/postbox"));
        assertThat(completion).contains("complete -F", "postbox")
                .contains("alias", "admin-token", "apply", "who", "kick", "reload", "rename", "pop3", "--min-fill");
        assertThat(dir.resolve("man/man1")).isDirectoryContaining("glob:**/postbox.1")
                .isDirectoryContaining("glob:**/postbox-alias-set.1")
                .isDirectoryContaining("glob:**/postbox-admin-token-create.1")
                .isDirectoryContaining("glob:**/postbox-apply.1")
                .isDirectoryContaining("glob:**/postbox-mailbox-rename.1")
                .isDirectoryContaining("glob:**/postbox-kick.1");
        String apply = Files.readString(dir.resolve("man/man1/postbox-apply.1"));
        assertThat(apply).startsWith(".TH POSTBOX-APPLY 1 ").contains(".SH NAME\npostbox-apply \\- Makes the store")
                .contains("--dry-run", "Exit status:");
        assertThat(Files.readString(dir.resolve("man/man1/postbox.1"))).contains("who", "kick", "reload", "alias");
    }
}
