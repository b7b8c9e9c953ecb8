package org.postbox.mailstore.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trees removed and searched while nothing follows a link out of them. */
class FileTreesTest {

    @TempDir
    Path dir;

    @Test
    void aTreeGoesWithEverythingInItAndNothingBesideIt() throws IOException {
        Path top = Files.createDirectories(dir.resolve("example.org/alice/Maildir/cur"));
        Files.createDirectories(dir.resolve("example.org/alice/Maildir/new"));
        Files.writeString(top.resolve("1.M1P1.host,S=3"), "abc");
        Files.writeString(dir.resolve("example.org/alice/maildirsize"), "0S\n");
        Path sibling = Files.writeString(dir.resolve("example.org/bob"), "kept");

        FileTrees.deleteRecursively(dir.resolve("example.org/alice"));

        assertThat(dir.resolve("example.org/alice")).doesNotExist();
        assertThat(sibling).hasContent("kept");
    }

    @Test
    void aMissingTreeIsNoError() throws IOException {
        FileTrees.deleteRecursively(dir.resolve("never-created"));

        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aFileIsFoundByWhereItLiesAndAnEmptyOrMissingTreeHasNone() throws IOException {
        Path maildir = Files.createDirectories(dir.resolve("alice/Maildir/cur"));
        Files.createDirectories(dir.resolve("alice/Maildir/new"));
        Files.writeString(dir.resolve("alice/dovecot.lock"), "");

        assertThat(FileTrees.anyFile(dir.resolve("alice"), (file, attrs) -> file.getParent().endsWith("cur"))).isFalse();
        Files.writeString(maildir.resolve("1.M1P1.host,S=3"), "abc");
        assertThat(FileTrees.anyFile(dir.resolve("alice"), (file, attrs) -> file.getParent().endsWith("cur"))).isTrue();
        assertThat(FileTrees.anyFile(dir.resolve("never-created"), (file, attrs) -> true)).isFalse();
    }

    @Test
    void linksAreRemovedNotFollowed() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path precious = Files.writeString(outside.resolve("precious"), "kept");
        Path top = Files.createDirectories(dir.resolve("top"));
        Files.createSymbolicLink(top.resolve("link"), outside);
        Path linkAsTop = Files.createSymbolicLink(dir.resolve("link-as-top"), outside);

        FileTrees.deleteRecursively(top);
        FileTrees.deleteRecursively(linkAsTop);

        assertThat(top).doesNotExist();
        assertThat(Files.exists(linkAsTop, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(precious).hasContent("kept");
    }
}
