package org.postbox.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class MaildirFileNameTest {

    @Test
    void theBaseNameEndsAtTheFirstColon() {
        assertThat(new MaildirFileName("1796525439.M201112P19125.vm,S=388,W=403:2,S").baseName())
                .isEqualTo("1796525439.M201112P19125.vm,S=388,W=403");
        assertThat(MaildirFileName.baseName("1700000000.M1P1.host")).isEqualTo("1700000000.M1P1.host");
        assertThat(MaildirFileName.baseName("a:b:2,")).isEqualTo("a");
    }

    @Test
    void sizesComeFromTheBaseName() {
        MaildirFileName dovecot = new MaildirFileName("1796525439.M201112P19125.vm,S=388,W=403:2,S");
        MaildirFileName courier = new MaildirFileName("1796525612.M629470P30409V000000000000FE00I0000000000222451.vm,S=80:2,");

        assertThat(dovecot.fileSize()).hasValue(388);
        assertThat(dovecot.crlfSize()).hasValue(403);
        assertThat(courier.fileSize()).hasValue(80);
        assertThat(courier.crlfSize()).isEmpty();
        assertThat(new MaildirFileName("x,S=12a:2,").fileSize()).isEqualTo(OptionalLong.empty());
        assertThat(new MaildirFileName("x:2,W=5").crlfSize()).isEmpty();
    }

    @Test
    void aPathIsNotAFileName() {
        assertThatThrownBy(() -> new MaildirFileName("cur/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MaildirFileName("")).isInstanceOf(IllegalArgumentException.class);
    }
}
