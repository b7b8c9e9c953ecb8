package org.postbox.session;

import java.time.Duration;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.session.IdleStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdleTimeTest {

    @Test
    void roundsUpToWholeSecondsSoThatATimeoutIsNeverShortened() {
        assertThat(IdleTime.seconds(Duration.ofSeconds(30))).isEqualTo(30);
        assertThat(IdleTime.seconds(Duration.ofMillis(1500))).isEqualTo(2);
        assertThat(IdleTime.seconds(Duration.ofMillis(1))).isEqualTo(1);
    }

    @Test
    void neverTurnsTheTimeoutOff() {
        assertThat(IdleTime.seconds(Duration.ZERO)).isEqualTo(1);
    }

    @Test
    void setsTheSessionsIdleTime() {
        DummySession io = new DummySession();
        IdleTime.set(io, IdleStatus.READER_IDLE, Duration.ofMillis(2001));
        assertThat(io.getConfig().getIdleTime(IdleStatus.READER_IDLE)).isEqualTo(3);
    }
}
