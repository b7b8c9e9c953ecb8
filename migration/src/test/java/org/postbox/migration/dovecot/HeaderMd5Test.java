package org.postbox.migration.dovecot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postbox.migration.Fixtures;
import org.postbox.migration.Fixtures.Answer;

class HeaderMd5Test {

    @TempDir
    Path dir;

    @Test
    void isWhatDovecotAnsweredForPop3UidlFormatPercentM() throws IOException {
        // henry's mbox, pop3_uidl_format = %m; the messages as RETR returned them (Dovecot hides its mbox headers).
        List<Answer> answers = Fixtures.answers(Fixtures.dovecot().resolve("answers/henry.m"));
        Pop3UidlFormat format = Pop3UidlFormat.parse("%m");
        assertThat(format.readsMessage()).isTrue();

        assertThat(answers).hasSize(4).allSatisfy(answer -> {
            Path message = Fixtures.dovecot().resolve("henry-retr").resolve(answer.number() + ".eml");
            assertThat(HeaderMd5.of(message, HeaderMd5.Variant.APOP3D)).as("message %d", answer.number()).isEqualTo(answer.uidl());
            assertThat(format.expand(1, record(answer.number()), message, HeaderMd5.Variant.APOP3D)).isEqualTo(answer.uidl());
        });
    }

    @Test
    void apop3dHashesTheFirstReceivedAndWhatComesBeforeItsEnd() throws IOException, NoSuchAlgorithmException {
        Path message = write("Date: d1\r\n"
                + "delivered-to: a@b\r\n"
                + "Received: from x\r\n"
                + "\tby y;\r\n"
                + " t1\r\n"
                + "Message-ID: <late@x>\r\n"
                + "Received:  second\r\n"
                + "X-Delivery-ID:\tid1\r\n"
                + "Date: d2\r\n"
                + "Subject: s\r\n"
                + "\r\n"
                + "Delivered-To: in the body\r\n");

        // values: one blank after the colon is dropped, continuation lines are whole, no line ends
        assertThat(HeaderMd5.of(message, HeaderMd5.Variant.APOP3D))
                .isEqualTo(md5("d1" + "a@b" + "from x" + "\tby y;" + " t1" + "id1"));
    }

    @Test
    void allHashesEveryValueButDovecotsMboxState() throws IOException, NoSuchAlgorithmException {
        Path message = write("From: a\nStatus: RO\nX-UID: 4\nSubject: x\n y\nNo colon here\n\nbody\n");

        assertThat(HeaderMd5.of(message, HeaderMd5.Variant.ALL)).isEqualTo(md5("a" + "x" + " y"));
    }

    private static UidlistRecord record(long uid) {
        return new UidlistRecord(1, uid, "f" + uid, Optional.empty(), OptionalLong.empty(), Optional.empty(),
                OptionalLong.empty(), OptionalLong.empty(), List.of());
    }

    private Path write(String content) throws IOException {
        Path file = Files.createTempFile(dir, "message", "");
        Files.writeString(file, content, StandardCharsets.ISO_8859_1);
        return file;
    }

    private static String md5(String values) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(values.getBytes(StandardCharsets.ISO_8859_1)));
    }
}
