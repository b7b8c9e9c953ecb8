package org.postbox.session;

import org.apache.mina.core.session.DummySession;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadGateTest {

    private final DummySession io = new DummySession();
    private final ReadGate gate = new ReadGate(io);

    @Test
    void readingResumesOnlyWhenEveryReasonHasBeenReleased() {
        gate.hold(ReadGate.Reason.BACKLOG);
        gate.hold(ReadGate.Reason.DECISION);
        assertThat(io.isReadSuspended()).isTrue();

        gate.release(ReadGate.Reason.BACKLOG);
        assertThat(io.isReadSuspended()).as("the decision still holds it").isTrue();

        gate.release(ReadGate.Reason.DECISION);
        assertThat(io.isReadSuspended()).isFalse();
    }

    @Test
    void oneReasonMayHoldTwice() {
        gate.hold(ReadGate.Reason.DECISION);
        gate.hold(ReadGate.Reason.DECISION);
        gate.release(ReadGate.Reason.DECISION);
        assertThat(io.isReadSuspended()).isTrue();
        gate.release(ReadGate.Reason.DECISION);
        assertThat(io.isReadSuspended()).isFalse();
    }

    @Test
    void aReleaseWithoutItsHoldIsADefect() {
        gate.hold(ReadGate.Reason.BACKLOG);
        assertThatThrownBy(() -> gate.release(ReadGate.Reason.DECISION))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("DECISION");
        assertThat(io.isReadSuspended()).as("the backlog hold is untouched").isTrue();
    }
}
